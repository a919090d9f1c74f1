"""The words of every ``validate`` finding and reader error, keyed by code, and of BPMN kinds.

:data:`TEXTS` holds one Bahasa Indonesia and one English template per code, as
:mod:`probisnis.present.notice_texts` does for simulation warnings (same rules: fields in
braces, the same fields in both languages, ``where`` never in a template). A finding's code
starts with the name of its rule (``disconnected.unreachable`` belongs to rule
``disconnected``; the reader's refusals are rule ``parse``). The rules and the reader only
build ``notice("the-code", field=...)``; the page words it (:mod:`probisnis.present.notices`),
and ``tests/test_validate_texts.py`` checks every entry.

:data:`KIND_WORDS` names BPMN kinds (the tag, ``userTask``) for a person: in Bahasa
Indonesia with the BPMN term where it helps, in English as the BPMN term the English
messages always used. A :class:`~probisnis.present.notices.Term` field (an element's kind
and name) is worded through it.

Vocabulary (as in ``docs/panduan.md``): task = tugas, gateway = gerbang, event = peristiwa,
start/end event = peristiwa mulai/selesai, flow = alur, lane = lajur, pool = partisipan.
"""

from __future__ import annotations

__all__ = ["KIND_WORDS", "TEXTS"]

_TRUST = {
    "id": " (hanya dengan --trust-scripts, untuk berkas yang penulisnya Anda percayai)",
    "en": " (only with --trust-scripts, for files whose author you trust)",
}

#: code -> {"id": template, "en": template}
TEXTS: dict[str, dict[str, str]] = {
    # --- reading the file (bpmn/xml.py, bpmn/reader*.py): rule "parse" ---
    "parse.no-such-file": {"id": "berkas tidak ada", "en": "no such file"},
    "parse.is-directory": {"id": "ini folder, bukan berkas BPMN",
                           "en": "is a directory, not a BPMN file"},
    "parse.not-regular": {"id": "bukan berkas biasa (perangkat, pipe, atau socket?)",
                          "en": "not a regular file (a device, pipe or socket?)"},
    "parse.too-big": {
        "id": "berkas berukuran {size} bita, melebihi batas {limit} bita; berkas tidak dibaca",
        "en": "file is {size} bytes, over the {limit}-byte limit; refusing to read it",
    },
    "parse.grew": {
        "id": "berkas melebihi batas {limit} bita; berkas tidak dibaca",
        "en": "file is over the {limit}-byte limit; refusing to read it",
    },
    "parse.document-too-big": {
        "id": "dokumen berukuran {size} bita, melebihi batas {limit} bita; dokumen tidak dibaca",
        "en": "document is {size} bytes, over the {limit}-byte limit; refusing to parse it",
    },
    "parse.cannot-read": {"id": "berkas tidak dapat dibaca: {reason}",
                          "en": "cannot read file: {reason}"},
    "parse.empty": {"id": "berkas kosong, bukan XML", "en": "empty file, not XML"},
    "parse.doctype": {
        "id": "deklarasi tipe dokumen (DOCTYPE/ENTITY) tidak diperbolehkan dalam berkas BPMN "
              "(mungkin bom entitas XML); berkas tidak dibaca",
        "en": "document type declarations (DOCTYPE/ENTITY) are not allowed in BPMN files "
              "(possible XML entity bomb); refusing to parse",
    },
    "parse.doctype-late": {
        "id": "deklarasi tipe dokumen tidak diperbolehkan dalam berkas BPMN; berkas tidak dibaca",
        "en": "document type declarations are not allowed in BPMN files; refusing to parse",
    },
    "parse.malformed": {"id": "XML rusak: {detail}", "en": "malformed XML: {detail}"},
    "parse.malformed-not-model": {
        "id": "XML rusak: {detail} (berkas ini {kind})",
        "en": "malformed XML: {detail} (this file is {kind})",
    },
    "parse.file-is-scenario": {
        "id": "skenario simulasi (TOML), bukan model BPMN: dibaca oleh `probisnis simulate "
              "BERKAS.toml`; modelnya adalah berkas yang disebut `model =`",
        "en": "a simulation scenario (TOML), not a BPMN model: it is read by `probisnis "
              "simulate FILE.toml`; its model is the file named by `model =`",
    },
    "parse.file-is-json": {
        "id": "JSON (berkas keputusan diberikan dengan --decisions, parameter Prosimos dengan "
              "simulate --prosimos), bukan model BPMN",
        "en": "JSON (a decisions file goes with --decisions, Prosimos parameters with "
              "simulate --prosimos), not a BPMN model",
    },
    "parse.file-is-workbook": {
        "id": "buku kerja Excel, bukan model BPMN: tabel SOP menjadi BPMN dengan `probisnis "
              "sop import`",
        "en": "a workbook, not a BPMN model: an SOP table becomes BPMN with `probisnis sop "
              "import`",
    },
    "parse.not-xml": {"id": "bukan XML: berkas ini {kind}", "en": "not XML: this file is {kind}"},
    "parse.file-is-zip": {
        "id": "berkas biner (arsip seperti buku kerja Excel, dokumen Word atau format asli alat "
              "pemodelan), bukan model BPMN: dari alat pemodelan, ekspor sebagai BPMN 2.0 XML",
        "en": "a binary file (an archive such as a workbook, a Word document or a modelling "
              "tool's own format), not a BPMN model: export it from the tool as BPMN 2.0 XML",
    },
    "parse.file-is-image": {
        "id": "gambar, bukan model BPMN: ekspor model sebagai BPMN 2.0 XML, bukan sebagai gambar",
        "en": "a picture, not a BPMN model: export the model as BPMN 2.0 XML, not as a picture",
    },
    "parse.file-is-pdf": {
        "id": "dokumen PDF, bukan model BPMN: ekspor model sebagai BPMN 2.0 XML",
        "en": "a PDF document, not a BPMN model: export the model as BPMN 2.0 XML",
    },
    "parse.file-is-table": {
        "id": "tabel, bukan model BPMN: tabel SOP menjadi BPMN dengan `probisnis sop import`",
        "en": "a table, not a BPMN model: an SOP table becomes BPMN with `probisnis sop import`",
    },
    # libxml2's most common complaints about malformed XML (bpmn/xml.py), as the detail
    "parse.xml-at": {"id": "{problem} (baris {line}, kolom {column})",
                     "en": "{problem}, line {line}, column {column}"},
    "parse.xml-tag-mismatch": {
        "id": "tag <{opened}> (dibuka di baris {opened_line}) ditutup dengan </{closed}>",
        "en": "Opening and ending tag mismatch: {opened} line {opened_line} and {closed}",
    },
    "parse.xml-premature-end": {
        "id": "berkas berakhir sebelum tag <{tag}> (dibuka di baris {opened_line}) ditutup",
        "en": "Premature end of data in tag {tag} line {opened_line}",
    },
    "parse.xml-attribute-twice": {"id": "atribut {attribute} ditulis dua kali",
                                  "en": "Attribute {attribute} redefined"},
    "parse.xml-attribute-no-value": {
        "id": "atribut {attribute} tidak punya nilai",
        "en": "Specification mandates value for attribute {attribute}",
    },
    "parse.xml-quote-expected": {
        "id": "nilai atribut harus diapit tanda kutip \" atau '",
        "en": "AttValue: \" or ' expected",
    },
    "parse.xml-entity-unknown": {
        "id": "entitas '{entity}' tidak dikenal (tanda & ditulis &amp;)",
        "en": "Entity '{entity}' not defined",
    },
    "parse.xml-ampersand": {"id": "tanda & harus ditulis &amp;",
                            "en": "xmlParseEntityRef: no name"},
    "parse.xml-less-than-in-attribute": {
        "id": "tanda '<' di dalam nilai atribut harus ditulis &lt;",
        "en": "Unescaped '<' not allowed in attributes values",
    },
    "parse.xml-extra-content": {"id": "ada isi lain sesudah elemen akar dokumen",
                                "en": "Extra content at the end of the document"},
    "parse.xml-no-start-tag": {"id": "tag pembuka tidak ditemukan (berkas tidak diawali '<')",
                               "en": "Start tag expected, '<' not found"},
    "parse.xml-comment-open": {"id": "komentar <!-- tidak ditutup dengan -->",
                               "en": "Comment not terminated"},
    "parse.xml-encoding": {
        "id": "ada bita yang tidak sah untuk pengodean karakter berkas (simpan sebagai UTF-8)",
        "en": "Invalid bytes in character encoding",
    },
    "parse.xml-prefix-undeclared": {
        "id": "awalan ruang nama {prefix} pada <{tag}> tidak dideklarasikan",
        "en": "Namespace prefix {prefix} on {tag} is not defined",
    },
    "parse.cannot-parse": {"id": "XML tidak dapat diurai: {detail}",
                           "en": "cannot parse XML: {detail}"},
    "parse.not-bpmn": {
        "id": "bukan berkas BPMN 2.0: elemen akarnya <{root}> dalam ruang nama {namespace}, "
              "seharusnya <definitions> dalam ruang nama {expected}",
        "en": "not a BPMN 2.0 file: the root element is <{root}> in namespace {namespace}, "
              "expected <definitions> in namespace {expected}",
    },
    "parse.not-bpmn-no-namespace": {
        "id": "bukan berkas BPMN 2.0: elemen akarnya <{root}>, seharusnya <definitions> dalam "
              "ruang nama {expected}",
        "en": "not a BPMN 2.0 file: the root element is <{root}>, expected <definitions> in "
              "namespace {expected}",
    },
    "parse.no-id": {"id": "{what} <{tag}> tidak punya id", "en": "{what} <{tag}> has no id"},
    "parse.duplicate-id": {
        "id": "id '{id}' ganda (pertama kali di baris {first})",
        "en": "duplicate id '{id}' (first at line {first})",
    },
    "parse.duplicate-id-again": {"id": "id '{id}' ganda", "en": "duplicate id '{id}'"},
    "parse.bad-boolean": {
        "id": "atribut {attribute}='{value}' bukan nilai boolean (true/false)",
        "en": "attribute {attribute}='{value}' is not a boolean (true/false)",
    },
    "parse.event-definition-ref": {
        "id": "eventDefinitionRef '{ref}' tidak menunjuk definisi peristiwa mana pun di tingkat "
              "teratas berkas",
        "en": "eventDefinitionRef '{ref}' names no root-level event definition",
    },
    "parse.loop-maximum": {"id": "loopMaximum='{value}' bukan bilangan bulat",
                           "en": "loopMaximum='{value}' is not an integer"},
    "parse.di-missing": {"id": "koordinat DI '{name}' tidak ada",
                         "en": "DI coordinate '{name}' is missing"},
    "parse.di-not-number": {"id": "koordinat DI {name}='{value}' bukan angka",
                            "en": "DI coordinate {name}='{value}' is not a number"},
    "parse.di-not-finite": {"id": "koordinat DI {name}='{value}' bukan angka terhingga",
                            "en": "DI coordinate {name}='{value}' is not finite"},
    "parse.schema-strict": {"id": "skema: {issue}", "en": "schema: {issue}"},
    # --- the OMG XSD (bpmn/schema.py): rule "schema" ---
    "schema.attribute-not-allowed": {
        "id": "elemen '{element}': atribut '{attribute}' tidak diperbolehkan skema BPMN 2.0 "
              "(atribut tambahan harus berada di ruang nama vendor)",
        "en": "Element '{element}', attribute '{attribute}': The attribute '{attribute}' is "
              "not allowed.",
    },
    "schema.attribute-missing": {
        "id": "elemen '{element}': atribut wajib '{attribute}' tidak ada",
        "en": "Element '{element}': The attribute '{attribute}' is required but missing.",
    },
    "schema.element-not-expected": {
        "id": "elemen '{element}' tidak diharapkan di tempat ini; yang diharapkan salah satu "
              "dari: {expected}",
        "en": "Element '{element}': This element is not expected. Expected is one of: "
              "{expected}.",
    },
    "schema.missing-child": {
        "id": "elemen '{element}' kekurangan elemen anak; yang diharapkan salah satu dari: "
              "{expected}",
        "en": "Element '{element}': Missing child element(s). Expected is one of: {expected}.",
    },
    "schema.element-not-expected-here": {
        "id": "elemen '{element}' tidak diharapkan di tempat ini",
        "en": "Element '{element}': This element is not expected.",
    },
    "schema.value-not-valid": {
        "id": "elemen '{element}', atribut '{attribute}': '{value}' bukan nilai yang sah "
              "untuk tipe {type_kind} '{type}'",
        "en": "Element '{element}', attribute '{attribute}': '{value}' is not a valid value of "
              "the {type_kind} type '{type}'.",
    },
    "schema.xsd": {"id": "melanggar skema BPMN 2.0: {detail}", "en": "{detail}"},
    "schema.more": {
        "id": "... dan {rest} temuan skema lain tidak dicantumkan (hanya {shown} yang pertama); "
              "perbaiki dulu, lalu periksa lagi",
        "en": "... and {rest} more schema findings not listed (the first {shown} are); fix "
              "those and validate again",
    },
    # --- rule start-end ---
    "start-end.exactly-one-start": {
        "id": "{scope} harus punya tepat satu peristiwa mulai, ada {count}",
        "en": "{scope} needs exactly one start event, has {count}",
    },
    "start-end.start-needs-trigger": {
        "id": "peristiwa mulai {scope} perlu pemicu (pesan, pewaktu, sinyal, error, eskalasi, "
              "kondisi...)",
        "en": "the start event of {scope} needs a trigger (message, timer, signal, error, "
              "escalation, conditional...)",
    },
    "start-end.no-start": {"id": "{scope} tidak punya peristiwa mulai (start event)",
                           "en": "{scope} has no start event"},
    "start-end.several-none-starts": {
        "id": "{scope} punya lebih dari satu peristiwa mulai tanpa pemicu (none start event): "
              "{ids}",
        "en": "{scope} has more than one none start event ({ids})",
    },
    "start-end.trigger-in-subprocess": {
        "id": "peristiwa mulai {scope} punya pemicu ({kinds}); hanya subproses peristiwa "
              "(eventSubProcess) yang boleh dimulai oleh pemicu",
        "en": "a start event of {scope} has a trigger ({kinds}); only an event subprocess "
              "may start on a trigger",
    },
    "start-end.no-end": {"id": "{scope} tidak punya peristiwa selesai (end event)",
                         "en": "{scope} has no end event"},
    # --- rule disconnected ---
    "disconnected.isolated": {
        "id": "{node} tidak punya alur masuk maupun alur keluar (sequence flow)",
        "en": "{node} has no incoming and no outgoing sequence flow",
    },
    "disconnected.unreachable": {
        "id": "{node} tidak dapat dicapai dari peristiwa mulai {scope}",
        "en": "{node} is not reachable from a start event of {scope}",
    },
    "disconnected.no-way-to-end": {
        "id": "dari {node} tidak ada jalan ke peristiwa selesai {scope}",
        "en": "{node} cannot reach an end event of {scope}",
    },
    # --- rule lane ---
    "lane.outside": {
        "id": "{node} tidak berada di lajur mana pun pada {process} (tidak jelas siapa "
              "pelaksananya)",
        "en": "{node} is outside every lane of {process}",
    },
    # --- rule gateway-label ---
    "gateway-label.unnamed": {
        "id": "alur keluar dari gerbang keputusan '{gateway}' tidak bernama; beri nama hasil "
              "keputusan yang diwakilinya (misalnya \"Ya\" atau \"Tidak\")",
        "en": "outgoing flow of decision gateway '{gateway}' has no name; name the outcome "
              "it stands for",
    },
    # --- rule dangling-ref ---
    "dangling-ref.flow-no-end": {"id": "alur (sequence flow) tidak punya {attribute}",
                                 "en": "sequence flow has no {attribute}"},
    "dangling-ref.flow-crosses": {
        "id": "{attribute} '{ref}' adalah elemen alur di proses atau subproses lain; alur "
              "(sequence flow) tidak boleh melintasi batas pool atau subproses (antar-pool "
              "pakai alur pesan, message flow)",
        "en": "{attribute} '{ref}' is a flow node of another process or subprocess; sequence "
              "flows cannot cross pool or subprocess borders (use a message flow between pools)",
    },
    "dangling-ref.flow-names-nothing": {
        "id": "{attribute} '{ref}' tidak menunjuk elemen alur mana pun",
        "en": "{attribute} '{ref}' names no flow node",
    },
    "dangling-ref.default-elsewhere": {
        "id": "alur bawaan (default) '{flow}' tidak keluar dari {kind} ini",
        "en": "default flow '{flow}' does not leave this {kind}",
    },
    "dangling-ref.default-missing": {
        "id": "alur bawaan (default) '{flow}' tidak menunjuk alur mana pun",
        "en": "default flow '{flow}' names no sequence flow",
    },
    "dangling-ref.boundary-unattached": {
        "id": "peristiwa batas (boundaryEvent) tidak punya attachedToRef",
        "en": "boundary event has no attachedToRef",
    },
    "dangling-ref.boundary-target-missing": {
        "id": "attachedToRef '{ref}' tidak menunjuk aktivitas mana pun di {scope}",
        "en": "attachedToRef '{ref}' names no activity of {scope}",
    },
    "dangling-ref.boundary-not-activity": {
        "id": "attachedToRef '{ref}' menunjuk {kind}, bukan aktivitas",
        "en": "attachedToRef '{ref}' is a {kind}, not an activity",
    },
    "dangling-ref.call-no-element": {
        "id": "aktivitas pemanggil (callActivity) tidak punya calledElement",
        "en": "call activity has no calledElement",
    },
    "dangling-ref.call-unknown": {
        "id": "calledElement '{ref}' tidak menunjuk proses atau global task di berkas ini "
              "maupun di berkas lain yang diperiksa bersamanya",
        "en": "calledElement '{ref}' names no process or global task in this file or the "
              "files validated with it",
    },
    "dangling-ref.event-ref": {
        "id": "{attribute} '{ref}' tidak menunjuk {thing} mana pun di berkas ini",
        "en": "{attribute} '{ref}' names no {thing} of this file",
    },
    "dangling-ref.lane-node": {
        "id": "flowNodeRef '{ref}' pada lajur tidak menunjuk elemen alur mana pun di {scope}",
        "en": "lane flowNodeRef '{ref}' names no flow node of {scope}",
    },
    "dangling-ref.process-ref": {
        "id": "processRef '{ref}' tidak menunjuk proses mana pun di berkas ini",
        "en": "processRef '{ref}' names no process of this file",
    },
    "dangling-ref.message-flow-no-end": {
        "id": "alur pesan (message flow) tidak punya {attribute}",
        "en": "message flow has no {attribute}",
    },
    "dangling-ref.message-flow-end": {
        "id": "{attribute} '{ref}' tidak menunjuk partisipan (pool) atau elemen alur mana pun",
        "en": "{attribute} '{ref}' names no participant or flow node",
    },
    "dangling-ref.message-ref": {
        "id": "messageRef '{ref}' tidak menunjuk pesan mana pun di berkas ini",
        "en": "messageRef '{ref}' names no message of this file",
    },
    "dangling-ref.di": {
        "id": "{shape} menggambar '{ref}', yang bukan elemen berkas ini",
        "en": "{shape} draws '{ref}', which is no element of this file",
    },
    # --- rule reserved-id ---
    "reserved-id.spiff": {
        "id": "id '{id}' adalah nama tugas bawaan SpiffWorkflow; run menggantinya secara "
              "internal, tetapi sebaiknya pakai id lain",
        "en": "id '{id}' is the name of a SpiffWorkflow built-in task; the runner renames it "
              "internally, but prefer another id",
    },
    # --- rule unsafe-code ---
    "unsafe-code.refused": {
        "id": "run menolak {what} ini `{snippet}`: {reason}" + _TRUST["id"],
        "en": "run refuses this {what} `{snippet}`: {reason}" + _TRUST["en"],
    },
    "unsafe-code.refused-script-line": {
        "id": "run menolak skrip ini baris {line} `{snippet}`: {reason}" + _TRUST["id"],
        "en": "run refuses this script line {line} `{snippet}`: {reason}" + _TRUST["en"],
    },
    "unsafe-code.refused-condition": {
        "id": "run menolak kondisi alur {flow} ini `{snippet}`: {reason}" + _TRUST["id"],
        "en": "run refuses this condition of flow {flow} `{snippet}`: {reason}" + _TRUST["en"],
    },
    # --- why the allow-list refuses code (expressions/syntax.py), inside unsafe-code findings
    # and run's refusals ---
    "expr.too-deep": {"id": "bersarang lebih dari {limit} tingkat",
                      "en": "nested more than {limit} levels deep"},
    "expr.too-many-parts": {"id": "lebih dari {limit} bagian", "en": "more than {limit} parts"},
    "expr.not-allowed": {"id": "{what} tidak diperbolehkan", "en": "{what} is not allowed"},
    "expr.name": {"id": "nama '{name}' tidak diperbolehkan",
                  "en": "the name '{name}' is not allowed"},
    "expr.attribute": {"id": "atribut '{name}' tidak diperbolehkan",
                       "en": "the attribute '{name}' is not allowed"},
    "expr.constant": {"id": "konstanta {value} tidak diperbolehkan",
                      "en": "the constant {value} is not allowed"},
    "expr.keywords": {"id": "argumen bernama (keyword) tidak diperbolehkan",
                      "en": "keyword arguments are not allowed"},
    "expr.call": {"id": "memanggil '{name}' tidak diperbolehkan (yang boleh: {allowed})",
                  "en": "calling '{name}' is not allowed (allowed: {allowed})"},
    "expr.method": {
        "id": "memanggil metode '{name}' tidak diperbolehkan (yang boleh: {allowed})",
        "en": "calling the method '{name}' is not allowed (allowed: {allowed})",
    },
    "expr.call-other": {
        "id": "hanya fungsi yang ada dalam daftar yang diizinkan yang boleh dipanggil",
        "en": "only functions named in the allow-list can be called",
    },
    "expr.not-text": {"id": "seharusnya teks, bukan {type}", "en": "expected text, got {type}"},
    "expr.too-long": {"id": "lebih panjang dari {limit} karakter",
                      "en": "longer than {limit} characters"},
    "expr.syntax": {"id": "bukan ekspresi yang sah: {detail}",
                    "en": "not a valid expression: {detail}"},
    "expr.unreadable": {"id": "tidak dapat dibaca: {error}", "en": "cannot be read: {error}"},
    "expr.annotated": {"id": "penugasan beranotasi tidak diperbolehkan",
                       "en": "an annotated assignment is not allowed"},
    "expr.not-assignment": {
        "id": "{what} bukan penugasan sederhana `nama = ekspresi`",
        "en": "{what} is not a simple assignment `name = expression`",
    },
    "expr.statement-not-assignment": {
        "id": "pernyataan {statement} bukan penugasan sederhana `nama = ekspresi`",
        "en": "a {statement} statement is not a simple assignment `name = expression`",
    },
    "expr.assign-target": {
        "id": "yang boleh diberi nilai hanya nama biasa (`nama = ekspresi`)",
        "en": "only a plain name can be assigned to (`name = expression`)",
    },
    "expr.assign-name": {"id": "nama '{name}' tidak boleh diberi nilai",
                         "en": "the name '{name}' cannot be assigned to"},
    # --- rule decision-ref ---
    "decision-ref.missing": {
        "id": "tugas aturan bisnis (businessRuleTask) tidak menyebut keputusan yang "
              "dinilainya (camunda:decisionRef atau spiffworkflow:calledDecisionId): run tidak "
              "dapat menjalankannya",
        "en": "business-rule task names no decision (camunda:decisionRef or "
              "spiffworkflow:calledDecisionId): run cannot evaluate it",
    },
    # --- rule call-cycle ---
    "call-cycle.self": {
        "id": "aktivitas pemanggil memanggil prosesnya sendiri ({chain}): proses itu akan "
              "memulai dirinya lagi tanpa henti",
        "en": "call activity calls its own process ({chain}): the process would start itself "
              "again forever",
    },
    # --- rule loop-join ---
    "loop-join.never-fires": {
        "id": "gerbang paralel penggabung menunggu alur {flow}, yang hanya dapat dicapai lewat "
              "perulangan yang melalui gerbang ini: gerbang ini tidak pernah diteruskan "
              "(gabungkan perulangan dengan gerbang eksklusif)",
        "en": "parallel join waits for flow {flow}, which only a loop through this join can "
              "reach: the join never fires (use an exclusive gateway to merge a loop)",
    },
}

#: BPMN kind (tag local name, or a kind of code in a model) -> {"id": word, "en": word}
KIND_WORDS: dict[str, dict[str, str]] = {
    "task": {"id": "tugas", "en": "task"},
    "userTask": {"id": "tugas pengguna (userTask)", "en": "userTask"},
    "manualTask": {"id": "tugas manual (manualTask)", "en": "manualTask"},
    "serviceTask": {"id": "tugas layanan (serviceTask)", "en": "serviceTask"},
    "scriptTask": {"id": "tugas skrip (scriptTask)", "en": "scriptTask"},
    "businessRuleTask": {"id": "tugas aturan bisnis (businessRuleTask)",
                         "en": "businessRuleTask"},
    "sendTask": {"id": "tugas kirim (sendTask)", "en": "sendTask"},
    "receiveTask": {"id": "tugas terima (receiveTask)", "en": "receiveTask"},
    "callActivity": {"id": "aktivitas pemanggil (callActivity)", "en": "callActivity"},
    "subProcess": {"id": "subproses", "en": "subProcess"},
    "transaction": {"id": "subproses transaksi (transaction)", "en": "transaction"},
    "adHocSubProcess": {"id": "subproses ad hoc (adHocSubProcess)", "en": "adHocSubProcess"},
    "eventSubProcess": {"id": "subproses peristiwa (eventSubProcess)", "en": "eventSubProcess"},
    "startEvent": {"id": "peristiwa mulai", "en": "startEvent"},
    "endEvent": {"id": "peristiwa selesai", "en": "endEvent"},
    "intermediateCatchEvent": {"id": "peristiwa antara penangkap (intermediateCatchEvent)",
                               "en": "intermediateCatchEvent"},
    "intermediateThrowEvent": {"id": "peristiwa antara pelempar (intermediateThrowEvent)",
                               "en": "intermediateThrowEvent"},
    "boundaryEvent": {"id": "peristiwa batas (boundaryEvent)", "en": "boundaryEvent"},
    "exclusiveGateway": {"id": "gerbang eksklusif (XOR)", "en": "exclusiveGateway"},
    "parallelGateway": {"id": "gerbang paralel (AND)", "en": "parallelGateway"},
    "inclusiveGateway": {"id": "gerbang inklusif (OR)", "en": "inclusiveGateway"},
    "eventBasedGateway": {"id": "gerbang berbasis peristiwa (eventBasedGateway)",
                          "en": "eventBasedGateway"},
    "complexGateway": {"id": "gerbang kompleks (complexGateway)", "en": "complexGateway"},
    "process": {"id": "proses", "en": "process"},
    "lane": {"id": "lajur", "en": "lane"},
    "participant": {"id": "partisipan (pool)", "en": "participant"},
    "collaboration": {"id": "kolaborasi", "en": "collaboration"},
    "flowNode": {"id": "elemen alur", "en": "flow node"},
    "sequenceFlow": {"id": "alur (sequence flow)", "en": "sequence flow"},
    "messageFlow": {"id": "alur pesan (message flow)", "en": "message flow"},
    "dataElement": {"id": "elemen data", "en": "data element"},
    "dataAssociation": {"id": "asosiasi data", "en": "data association"},
    "message": {"id": "pesan", "en": "message"},
    "signal": {"id": "sinyal", "en": "signal"},
    "error": {"id": "error", "en": "error"},
    "escalation": {"id": "eskalasi", "en": "escalation"},
    # code in a model or decision table (expressions/audit.py Code.kind)
    "script": {"id": "skrip", "en": "script"},
    "loopCondition": {"id": "kondisi perulangan (loopCondition)", "en": "loop condition"},
    "completionCondition": {"id": "kondisi selesai (completionCondition)",
                            "en": "completion condition"},
    "loopCardinality": {"id": "kardinalitas (loopCardinality)", "en": "loop cardinality"},
    "dmnInputExpression": {"id": "ekspresi masukan DMN", "en": "DMN input expression"},
    "dmnInputEntry": {"id": "entri masukan DMN", "en": "DMN input entry"},
    "dmnOutputEntry": {"id": "entri keluaran DMN", "en": "DMN output entry"},
    # Python constructs the allow-list refuses (expressions/syntax.py; the AST class name)
    "Lambda": {"id": "lambda", "en": "a lambda"},
    "ListComp": {"id": "comprehension", "en": "a comprehension"},
    "SetComp": {"id": "comprehension", "en": "a comprehension"},
    "DictComp": {"id": "comprehension", "en": "a comprehension"},
    "GeneratorExp": {"id": "ekspresi generator", "en": "a generator expression"},
    "JoinedStr": {"id": "f-string", "en": "an f-string"},
    "FormattedValue": {"id": "f-string", "en": "an f-string"},
    "NamedExpr": {"id": "':='", "en": "':='"},
    "Starred": {"id": "pembongkaran '*'", "en": "'*' unpacking"},
    "Await": {"id": "await", "en": "await"},
    "Yield": {"id": "yield", "en": "yield"},
    "YieldFrom": {"id": "yield", "en": "yield"},
    "BitAnd": {"id": "'&'", "en": "'&'"},
    "BitOr": {"id": "'|'", "en": "'|'"},
    "BitXor": {"id": "'^'", "en": "'^'"},
    "LShift": {"id": "'<<'", "en": "'<<'"},
    "RShift": {"id": "'>>'", "en": "'>>'"},
    "Invert": {"id": "'~'", "en": "'~'"},
    "MatMult": {"id": "'@'", "en": "'@'"},
    "Import": {"id": "import", "en": "import"},
    "ImportFrom": {"id": "import", "en": "import"},
    "Expr": {"id": "ekspresi lepas (pemanggilan?)", "en": "a bare expression (a call?)"},
    "FunctionDef": {"id": "definisi fungsi", "en": "a function definition"},
    "ClassDef": {"id": "definisi kelas", "en": "a class definition"},
    "For": {"id": "perulangan", "en": "a loop"},
    "While": {"id": "perulangan", "en": "a loop"},
    "With": {"id": "'with'", "en": "'with'"},
    "Try": {"id": "'try'", "en": "'try'"},
    "Global": {"id": "'global'", "en": "'global'"},
    "Nonlocal": {"id": "'nonlocal'", "en": "'nonlocal'"},
    "Delete": {"id": "'del'", "en": "'del'"},
}
