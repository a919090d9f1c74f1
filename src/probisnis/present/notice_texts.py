"""The words of every warning, keyed by code: one Bahasa Indonesia and one English template.

A template names its fields in braces (``{task}``); the field ``where`` (a file, a process,
``file: [element]``) is put before the sentence with a colon and never appears in the
template. To add a warning: one entry here (both languages, same fields), then
``notice("the-code", where=..., field=...)`` where it happens (see
:mod:`probisnis.present.notices`); ``tests/test_present_notices.py`` checks every entry.

Vocabulary (as in ``docs/panduan.md``): lane = lajur, pool = kelompok pegawai, gateway =
gerbang, flow = alur, task = tugas, case = kasus, event = peristiwa, timer = pewaktu.
"""

from __future__ import annotations

__all__ = ["TEXTS"]

#: code -> {"id": template, "en": template}
TEXTS: dict[str, dict[str, str]] = {
    # --- binding a scenario to its model (sim/bind.py) ---
    "lane-one-person": {
        "id": "lajur {lane} tidak punya entri [resources]: dianggap dikerjakan satu orang",
        "en": "lane {lane} has no [resources] entry: one person assumed",
    },
    "timer-working-day": {
        "id": "[timers.{timer}] memakai unit = \"d\": pada pewaktu itu satu hari kerja, {hours} "
              "jam waktu kalender, bukan sehari (pewaktu menghitung jam dinding, termasuk malam "
              "dan akhir pekan); untuk N hari kalender tulis N x 24 dengan unit = \"h\"",
        "en": "[timers.{timer}] uses unit = \"d\": on a timer that is one working day, {hours} "
              "h of calendar time, not a day (timers count wall-clock time, nights and weekends "
              "included); for N calendar days write N x 24 with unit = \"h\"",
    },
    "timer-no-duration": {
        "id": "pewaktu {timer} tidak punya timeDuration (timeDate/timeCycle tidak "
              "disimulasikan): menunggu 0 detik kecuali [timers.{timer}] memberi durasi",
        "en": "timer {timer} has no timeDuration (timeDate/timeCycle are not simulated): it "
              "waits 0 s unless [timers.{timer}] sets a duration",
    },
    "condition-as-label": {
        "id": "gerbang {gateway}: kondisi alur {flow} bukan ekspresi yang dapat dihitung "
              "simulator ({reason}); dibaca sebagai label saja",
        "en": "gateway {gateway}: condition of flow {flow} is not an expression the simulator "
              "evaluates ({reason}); read as a label",
    },
    "gateway-equal-split": {
        "id": "gerbang {gateway} tidak punya peluang cabang di skenario (dan tidak ada kondisi "
              "atas atribut kasus yang dinyatakan): setiap cabang dianggap berpeluang sama",
        "en": "gateway {gateway} has no branch probabilities in the scenario (and no "
              "conditions on declared attributes): equal split",
    },
    "gateway-half-each": {
        "id": "gerbang {gateway} tidak punya peluang cabang di skenario (dan tidak ada kondisi "
              "atas atribut kasus yang dinyatakan): setiap alur dianggap berpeluang 0,5",
        "en": "gateway {gateway} has no branch probabilities in the scenario (and no "
              "conditions on declared attributes): each flow p=0.5",
    },
    "task-no-duration": {
        "id": "tugas {task} tidak punya durasi di skenario dan tidak ada durasi [defaults]: "
              "lamanya 0 detik",
        "en": "task {task} has no duration in the scenario and there is no [defaults] "
              "duration: it takes 0 s",
    },
    "multi-instance-one": {
        "id": "multi-instance {task} tidak punya kardinalitas berupa angka atau atas atribut "
              "kasus yang dinyatakan: disimulasikan sebagai satu instance",
        "en": "multi-instance {task} has no numeric cardinality nor one over declared case "
              "attributes: simulated as one instance",
    },
    "pool-unused": {
        "id": "kelompok pegawai {pool} tidak mengerjakan tugas apa pun di skenario ini",
        "en": "resource pool {pool} does no task in this scenario",
    },
    "case-priority-never": {
        "id": "aturan prioritas kasus {rule} ({when}) tidak pernah terpenuhi oleh nilai atribut "
              "yang mungkin ({values}): tidak ada kasus yang didahulukan olehnya; periksa "
              "ejaan nilainya",
        "en": "case priority rule {rule} ({when}) holds for none of the attributes' possible "
              "values ({values}): it gives no case priority; check the spelling of its values",
    },
    # --- compiling the model (sim/compile.py) ---
    "complex-as-inclusive": {
        "id": "gerbang kompleks {gateway} disimulasikan sebagai gerbang inklusif",
        "en": "complex gateway {gateway} simulated as an inclusive gateway",
    },
    "catch-passes": {
        "id": "peristiwa tangkap {kinds} {event} langsung dilewati (hanya peristiwa pewaktu, "
              "pesan, sinyal, dan kondisi yang menunggu dalam simulasi)",
        "en": "{kinds} catch event {event} passes at once (timer, message, signal and "
              "conditional events wait in the simulation)",
    },
    "conditional-bad": {
        "id": "peristiwa kondisi {event}: {reason}; peristiwa ini tidak pernah terjadi",
        "en": "conditional event {event}: {reason}; it never fires",
    },
    "conditional-not-attributes": {
        "id": "peristiwa kondisi {event} membaca {names}, yang bukan atribut kasus di "
              "skenario: peristiwa ini tidak pernah terjadi",
        "en": "conditional event {event} reads {names}, not case attributes of the scenario: "
              "it never fires",
    },
    "sub-several-starts": {
        "id": "{count} peristiwa awal di subproses ini ({starts}): semuanya mulai bersamaan, "
              "seperti aturan BPMN dan `probisnis run`",
        "en": "{count} start events in this subprocess ({starts}): all of them start "
              "together, as BPMN and `probisnis run` have it",
    },
    "several-starts": {
        "id": "{count} peristiwa awal; simulasi mulai dari {start}",
        "en": "{count} start events; the simulation starts at {start}",
    },
    "boundary-never-fires": {
        "id": "peristiwa batas {kinds} {event} tidak pernah terjadi dalam simulasi",
        "en": "{kinds} boundary event {event} never fires in the simulation",
    },
    "event-subprocess-never-starts": {
        "id": "subproses peristiwa {subprocess} tidak punya peristiwa awal dengan pemicu "
              "pewaktu, pesan, sinyal, error, eskalasi, atau kondisi: tidak pernah dimulai",
        "en": "event subprocess {subprocess} has no start event with a timer, message, "
              "signal, error, escalation or condition trigger: it never starts",
    },
    "message-catch-passes": {
        "id": "peristiwa terima pesan {event} tidak punya alur pesan masuk dari pool yang "
              "disimulasikan: langsung dilewati",
        "en": "message catch {event} has no incoming message flow from a simulated pool: it "
              "passes at once",
    },
    "message-boundary-never-fires": {
        "id": "peristiwa batas pesan {event} tidak punya alur pesan masuk dari pool yang "
              "disimulasikan: tidak pernah terjadi",
        "en": "message boundary event {event} has no incoming message flow from a simulated "
              "pool: it never fires",
    },
    # --- reading scenarios and models (scenario_toml.py, model_only.py, prosimos*.py) ---
    "library-file-skipped": {
        "id": "berkas pustaka {file} dilewati karena tidak dapat dibaca: {reason}",
        "en": "library file {file} skipped, it cannot be read: {reason}",
    },
    "model-only-assumed": {
        "id": "tanpa skenario: setiap tugas dianggap butuh kerja eksponensial rata-rata 1 jam, "
              "setiap lajur satu orang, kedatangan Poisson dengan jarak rata-rata 1 hari, "
              "bekerja 24 jam sehari tanpa libur; angka-angka ini hanya pengisi untuk memeriksa "
              "struktur model, bukan perkiraan",
        "en": "no scenario given: every task takes exponential work with a mean of 1 h, every "
              "lane is one person, arrivals are Poisson with a mean gap of 1 d, the clock runs "
              "24/7; these are placeholders for checking the model's structure, not estimates",
    },
    "prosimos-flows-share": {
        "id": "gerbang {gateway}: alur {flows} masing-masing mendapat peluang {share}",
        "en": "gateway {gateway}: flows {flows} get {share} each",
    },
    "prosimos-batch-wait-day": {
        "id": "[{key}] {attribute} sampai {seconds} detik (satu hari atau lebih); Prosimos 2.1 "
              "mengukur waktu tunggu itu dengan timedelta.seconds, yang kembali ke 0 setiap "
              "hari, sedangkan probisnis memakai waktu tunggu sebenarnya",
        "en": "[{key}] {attribute} up to {seconds} s (a day or more); Prosimos 2.1 measures "
              "that wait with timedelta.seconds, which wraps every day, probisnis uses the "
              "true wait",
    },
    "prosimos-event-attributes-parallel": {
        "id": "atribut yang diubah tugas ({tasks}) diberi nilai saat tugas selesai; Prosimos "
              "memberinya saat tugas dijadwalkan, jadi gerbang di cabang paralel yang dinilai "
              "selama tugas itu berjalan dapat berbeda",
        "en": "attributes set by tasks ({tasks}) take their value as the task completes; "
              "Prosimos sets them when it schedules the task, so a gateway on a parallel "
              "branch decided while that task runs may differ",
    },
    "prosimos-unknown-key": {
        "id": "kunci Prosimos '{key}' tidak dikenal dan diabaikan",
        "en": "unknown Prosimos key '{key}' ignored",
    },
    "prosimos-fuzzy": {
        "id": "kalender FUZZY dibaca sebagai kehadiran: setiap orang hadir atau tidak pada "
              "setiap satuan waktu ({granule} menit) dengan peluangnya, diundi sekali per "
              "replikasi; Prosimos 2.1 mengundi ulang satuan yang sama setiap kali ditanya, "
              "jadi waktu tunggu dan lama tugas berbeda (lihat docs/simulation.md)",
        "en": "FUZZY calendars read as presence: each person is present or not in each "
              "granule ({granule} min) with its probability, drawn once per replication; "
              "Prosimos 2.1 draws the same granule anew at every question, so waits and task "
              "times differ (see docs/simulation.md)",
    },
    "prosimos-multitask": {
        "id": "{resource} dapat memegang sampai {most} tugas sekaligus, dengan peluang dari "
              "bagian multitask yang diputuskan setiap kali jumlah tugasnya berubah; Prosimos "
              "2.1 sendiri berhenti dengan KeyError atau membiarkan orang memegang berapa pun "
              "tugas (lihat docs/simulation.md)",
        "en": "{resource} may hold up to {most} tasks at once, with the multitask section's "
              "probabilities decided each time the number held changes; Prosimos 2.1 itself "
              "stops with a KeyError or lets people hold any number of tasks (see "
              "docs/simulation.md)",
    },
    "prosimos-pool-cost": {
        "id": "kelompok pegawai {pool} ({names}) berbiaya {cost} per jam, rata-rata biaya "
              "anggotanya dibobot jumlah orang",
        "en": "pool {pool} ({names}) costs {cost} per hour, the head-count weighted mean of "
              "its resources' costs",
    },
    # --- running (sim/engine.py, sim/behaviours/, sim/runner.py, sim/bounds.py) ---
    "error-uncaught": {
        "id": "error {error} yang dilempar di sini tidak ditangkap peristiwa batas atau "
              "subproses peristiwa mana pun: berakhir seperti peristiwa akhir biasa (seperti "
              "di SpiffWorkflow dan Camunda)",
        "en": "the error {error} thrown here is caught by no boundary event or event "
              "subprocess: it ends like a plain end event (as SpiffWorkflow and Camunda do)",
    },
    "case-failed": {
        "id": "kasus {case} (replikasi {replication}) gagal pada detik ke-{time}: {reason}",
        "en": "case {case} (replication {replication}) failed at {time} s: {reason}",
    },
    "cases-failed": {
        "id": "kasus {case} (replikasi {replication}) gagal pada detik ke-{time}: {reason} "
              "({more} kasus lain gagal dengan cara yang sama di {element})",
        "en": "case {case} (replication {replication}) failed at {time} s: {reason} ({more} "
              "more cases failed the same way at {element})",
    },
    "fail-join-waits": {
        "id": "penggabungan {element} di proses {process} menunggu token yang tidak mungkin "
              "datang lagi",
        "en": "the join {element} in process {process} waits for a token that can no longer "
              "arrive",
    },
    "fail-endless-loop": {
        "id": "masuk ke {element} di proses {process} lebih dari {limit} kali: perulangan yang "
              "tidak berakhir (naikkan max_visits di skenario bila memang disengaja)",
        "en": "entered {element} in process {process} more than {limit} times: a loop that "
              "does not end (raise max_visits in the scenario if it is meant)",
    },
    "fail-message-never-sent": {
        "id": "{element} menunggu pesan yang tidak pernah dikirim",
        "en": "{element} waits for a message that is never sent",
    },
    "fail-event-never-comes": {
        "id": "token-tokennya menunggu peristiwa yang tidak pernah datang",
        "en": "its tokens wait for an event that never comes",
    },
    "fail-condition-false": {
        "id": "kondisi {element} di proses {process} bernilai salah untuk atribut {attributes} "
              "dan atribut kasus tidak berubah",
        "en": "the condition of {element} in process {process} is false for attributes "
              "{attributes} and case attributes do not change",
    },
    "fail-no-condition": {
        "id": "tidak ada kondisi gerbang {gateway} yang terpenuhi untuk atribut {attributes} "
              "dan gerbang itu tidak punya alur bawaan",
        "en": "no condition of gateway {gateway} holds for attributes {attributes} and it has "
              "no default flow",
    },
    "fail-inclusive-none": {
        "id": "tidak ada alur keluar gerbang inklusif {gateway} yang diambil untuk atribut "
              "{attributes} dan gerbang itu tidak punya alur bawaan",
        "en": "no outgoing flow of inclusive gateway {gateway} is taken for attributes "
              "{attributes} and it has no default flow",
    },
    "fail-too-deep": {
        "id": "{element} bersarang lebih dari {limit} tingkat subproses atau pemanggilan "
              "(proses yang memanggil dirinya sendiri tanpa akhir?)",
        "en": "{element} nests more than {limit} subprocess or call levels (a process that "
              "calls itself without end?)",
    },
    "fail-loop-cardinality": {
        "id": "loopCardinality {expression} dari {element} bernilai {value} untuk atribut "
              "{attributes}, bukan bilangan bulat >= 0",
        "en": "the loopCardinality {expression} of {element} is {value} for attributes "
              "{attributes}, not a whole number >= 0",
    },
    "numeric-trouble": {
        "id": "masalah numerik saat menghitung KPI ({detail}): sebagian nilai tak hingga atau "
              "kosong; periksa angka yang sangat besar atau sangat kecil di skenario "
              "(hours_per_day, cost_per_hour, durasi)",
        "en": "numeric trouble while computing the KPIs ({detail}): some values are infinite "
              "or missing; check very large or very small numbers in the scenario "
              "(hours_per_day, cost_per_hour, durations)",
    },
    "in-replication": {
        "id": "replikasi {replication}: {warning}",
        "en": "replication {replication}: {warning}",
    },
    # --- tracing a descriptive model with `run` (run/implicit.py, run/gaps.py) ---
    "run-implicit-split": {
        "id": "{element} punya beberapa alur keluar tanpa kondisi ({flows}): menurut BPMN "
              "semuanya diambil bersamaan (percabangan paralel)",
        "en": "{element} has several outgoing flows without a condition ({flows}): as BPMN "
              "defines, all are taken together (a parallel split)",
    },
    "run-implicit-choice": {
        "id": "{element} punya beberapa alur keluar, sebagian berkondisi ({conditional}): "
              "menurut BPMN setiap alur yang kondisinya benar diambil, alur tanpa kondisi "
              "selalu, alur bawaan hanya bila tak satu kondisi pun benar (pilihan inklusif)",
        "en": "{element} has several outgoing flows, some with a condition ({conditional}): "
              "as BPMN defines, each flow whose condition holds is taken, a flow without one "
              "always, the default flow only when no condition holds (an inclusive choice)",
    },
    "run-implicit-start": {
        "id": "{element} tidak punya peristiwa awal: menurut BPMN dimulai serentak dari setiap "
              "elemen tanpa alur masuk ({starts})",
        "en": "{element} has no start event: as BPMN defines, it starts at once at every "
              "element without an incoming flow ({starts})",
    },
    "run-several-starts": {
        "id": "{element} punya beberapa peristiwa awal ({starts}): semuanya dimulai serentak",
        "en": "{element} has several start events ({starts}): all of them start together",
    },
    "run-plain-operator": {
        "id": "{element} tidak punya implementasi yang dapat dijalankan (operator): "
              "ditelusuri sebagai langkah biasa, tidak ada layanan yang dipanggil",
        "en": "{element} has no implementation that can run (operator): traced as a plain "
              "step, no service is called",
    },
    "run-plain-script": {
        "id": "{element} tidak berisi skrip: ditelusuri sebagai langkah biasa",
        "en": "{element} holds no script: traced as a plain step",
    },
    "run-plain-decision": {
        "id": "{element} tidak menyebut tabel keputusan (DMN): ditelusuri sebagai langkah "
              "biasa",
        "en": "{element} names no decision table (DMN): traced as a plain step",
    },
    "run-plain-decision-missing": {
        "id": "{element} memakai tabel keputusan {decision}, yang tidak ada di pustaka "
              "(berkas .dmn di folder yang sama, atau --library DIR): ditelusuri sebagai "
              "langkah biasa",
        "en": "{element} uses the decision table {decision}, which is not in the library (a "
              ".dmn file in the same folder, or --library DIR): traced as a plain step",
    },
    "run-plain-called": {
        "id": "{element} tidak menyebut proses yang dipanggil (calledElement): ditelusuri "
              "sebagai langkah biasa",
        "en": "{element} names no called process (calledElement): traced as a plain step",
    },
    "run-plain-empty": {
        "id": "{element} tidak berisi langkah apa pun: ditelusuri sebagai langkah biasa",
        "en": "{element} holds no step at all: traced as a plain step",
    },
    "run-timer-passes": {
        "id": "{element} adalah pewaktu tanpa waktu (timeDate, timeDuration, atau timeCycle): "
              "langsung lewat",
        "en": "{element} is a timer without a time (timeDate, timeDuration or timeCycle): it "
              "passes at once",
    },
    "run-timer-never": {
        "id": "{element} adalah pewaktu tanpa waktu (timeDate, timeDuration, atau timeCycle): "
              "tidak pernah berbunyi, alur setelahnya tidak ditelusuri",
        "en": "{element} is a timer without a time (timeDate, timeDuration or timeCycle): it "
              "never fires, the flow after it is not traced",
    },
    "run-timer-never-starts": {
        "id": "pewaktu yang memulai {element} tidak punya waktu (timeDate, timeDuration, atau "
              "timeCycle): subproses peristiwa ini tidak pernah dimulai",
        "en": "the timer starting {element} has no time (timeDate, timeDuration or "
              "timeCycle): this event subprocess never starts",
    },
    "run-undefined-ref": {
        "id": "{element} merujuk {what} {ref}, yang tidak didefinisikan di berkas ini: "
              "dianggap {what} tanpa nama",
        "en": "{element} refers to the {what} {ref}, which the file does not define: taken "
              "as an unnamed {what}",
    },
    "run-compensation": {
        "id": "{element} menangkap kompensasi, yang tidak dijalankan SpiffWorkflow: "
              "diabaikan",
        "en": "{element} catches compensation, which SpiffWorkflow does not run: ignored",
    },
    "run-gateway-routed": {
        "id": "{element}: sebagian alur keluarnya tanpa kondisi ({flows}): alurnya dipilih "
              "dari berkas keputusan, kondisi yang ada tidak dihitung",
        "en": "{element}: some outgoing flows have no condition ({flows}): the decisions "
              "file chooses the flow, the conditions given are not evaluated",
    },
    "run-condition-passes": {
        "id": "{element} adalah peristiwa kondisi tanpa kondisi: langsung lewat",
        "en": "{element} is a conditional event without a condition: it passes at once",
    },
    "run-condition-never": {
        "id": "{element} adalah peristiwa kondisi tanpa kondisi: tidak pernah terjadi, alur "
              "setelahnya tidak ditelusuri",
        "en": "{element} is a conditional event without a condition: it never fires, the flow "
              "after it is not traced",
    },
    "run-condition-never-starts": {
        "id": "peristiwa kondisi yang memulai {element} tidak punya kondisi: subproses "
              "peristiwa ini tidak pernah dimulai",
        "en": "the conditional event starting {element} has no condition: this event "
              "subprocess never starts",
    },
    "run-plain-global": {
        "id": "{element} memanggil tugas global (globalTask), yang menurut BPMN dijalankan "
              "sebagai tugas itu: ditelusuri sebagai langkah biasa",
        "en": "{element} calls a global task, which BPMN runs as that task: traced as a plain "
              "step",
    },
    "run-condition-start-holds": {
        "id": "{element} memulai proses bila kondisinya benar: kasus yang ditelusuri dianggap "
              "dimulai karena kondisinya benar",
        "en": "{element} starts the process when its condition holds: the case traced is "
              "taken to start because it held",
    },
    "run-plain-send": {
        "id": "{element}: tidak ada yang menerima pesannya ({message}) di pustaka: "
              "ditelusuri sebagai langkah biasa",
        "en": "{element}: nothing in the library receives its message ({message}): traced as "
              "a plain step",
    },
    "run-plain-receive": {
        "id": "{element}: tidak ada yang mengirim pesannya ({message}) di pustaka: "
              "ditelusuri sebagai langkah biasa",
        "en": "{element}: nothing in the library sends its message ({message}): traced as a "
              "plain step",
    },
    "run-start-message-arrives": {
        "id": "{element} dimulai pesan {message}, yang tidak dikirim siapa pun di pustaka: "
              "kasus yang ditelusuri dianggap dimulai karena pesan itu tiba dari luar model",
        "en": "{element} is started by the message {message}, which nothing in the library "
              "sends: the case traced is taken to start because it arrived from outside the "
              "model",
    },
    "run-message-arrives": {
        "id": "{element} menunggu pesan {message}, yang tidak dikirim siapa pun di pustaka: "
              "dianggap tiba dari luar model, langsung lewat",
        "en": "{element} waits for the message {message}, which nothing in the library "
              "sends: taken to arrive from outside the model, it passes at once",
    },
    "run-start-signal-arrives": {
        "id": "{element} dimulai sinyal {message}, yang tidak dilempar siapa pun di pustaka: "
              "kasus yang ditelusuri dianggap dimulai karena sinyal itu tiba dari luar model",
        "en": "{element} is started by the signal {message}, which nothing in the library "
              "throws: the case traced is taken to start because it arrived from outside the "
              "model",
    },
    "run-signal-arrives": {
        "id": "{element} menunggu sinyal {message}, yang tidak dilempar siapa pun di pustaka: "
              "dianggap tiba dari luar model, langsung lewat",
        "en": "{element} waits for the signal {message}, which nothing in the library throws: "
              "taken to arrive from outside the model, it passes at once",
    },
    "run-condition-as-label": {
        "id": "{element}: kondisi alur {flows} bukan ekspresi yang dapat dihitung (FEEL, JUEL, "
              "XPath, atau kalimat): dibaca sebagai label, alurnya dipilih dari berkas keputusan",
        "en": "{element}: the condition of flow {flows} is no expression that can be evaluated "
              "(FEEL, JUEL, XPath or a sentence): read as a label, the decisions file chooses "
              "the flow",
    },
}
