"""Blocks shared by the six work mechanisms (Lampiran II.D): perencanaan, strategi, evaluasi.

Each function adds nodes and flows to a :class:`ProcessBuilder` whose ids start
with ``prefix`` (``M1a``, ``M1b``...) and returns the ids a caller connects to.
The pelaksanaan phase is in :mod:`.phase_pelaksanaan`. The decisions the runner
supplies when it completes a user task are task-data variables named in each
gateway's documentation:

- ``bentuk``: ``"tim"`` (Tim Kerja) or ``"individu"``; set by the strategy task;
- ``lintas_unit``: JF/JP from other units are needed (bool); strategy task;
- ``disetujui``: the target unit's PPK approves the cross-unit request (bool); set in
  the called ``PG_1b_penunjukkan_lintas_unit`` (task ``PG1b_proses``);
- ``ketua_tim``: the Tim Kerja gets a Ketua Tim (bool, read only when ``bentuk == "tim"``);
- ``sesuai_target``: monitoring finds the result meets the target (bool);
- ``sesuai_<reviewer>``: a reviewer in evaluasi accepts the result (bool).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.roles import lane_id, role

__all__ = [
    "KETUA_TIM_BAGI_PERAN",
    "KETUA_TIM_CONDITION",
    "LINTAS_UNIT_NOTE",
    "LINTAS_UNIT_REF",
    "LOOP_NOTE",
    "PENUNJUKKAN_DALAM_UNIT",
    "PENUNJUKKAN_LINTAS_UNIT",
    "Reviewer",
    "Step",
    "add_lanes",
    "alternatives",
    "evaluasi",
    "perencanaan",
    "steps",
    "strategi",
]

#: a Tim Kerja with a Ketua Tim (``ketua_tim`` is only read for a team)
KETUA_TIM_CONDITION = 'bentuk == "tim" and ketua_tim'

#: Lampiran II.B.3: the Ketua Tim divides the members' roles
KETUA_TIM_BAGI_PERAN = Reference(
    "Lampiran II.B.3 (tanggung jawab Ketua Tim)",
    "membagi peran Anggota Tim sesuai dengan kompetensi, keahlian, dan/atau keterampilan",
)
PIMPINAN_KETUA_TIM = Reference(
    "Lampiran II.B.3 huruf c",
    "Dalam Tim Kerja, Pimpinan Unit Organisasi dapat menunjuk salah satu Pejabat Fungsional "
    "dan/atau Pejabat Pelaksana sebagai Ketua Tim Kerja berdasarkan keahlian dan/atau keterampilan",
)
PASAL_10_3 = Reference(
    "Pasal 10 ayat (3)",
    "Dalam tim kerja yang anggotanya berasal dari lintas Unit Organisasi dan/atau lintas Instansi "
    "Pemerintah, Pejabat Fungsional, atau Pejabat Pelaksana yang berperan sebagai Ketua Tim "
    "diutamakan berasal dari Unit Organisasi Pemilik Kinerja.",
)
PERMOHONAN_LINTAS_UNIT = "B2.1b.1"
PERMOHONAN_DITOLAK = "B2.1b.4"
#: the process a perencanaan calls for JF/JP from other units (Lampiran II.B.2 1) b))
PENUNJUKKAN_LINTAS_UNIT = "PG_1b_penunjukkan_lintas_unit"
#: the process for assigning JF/JP of the unit itself (Lampiran II.B.2 1) a))
PENUNJUKKAN_DALAM_UNIT = "PG_1a_penunjukkan_dalam_unit"
LINTAS_UNIT_REF = Reference(
    "Lampiran II.B.2 Penugasan 1) b)",
    "Penunjukkan Pejabat Fungsional dan/atau Pejabat Pelaksana yang bersifat lintas unit "
    "organisasi dilakukan dengan tahapan sebagai berikut",
)
LINTAS_UNIT_NOTE = (
    "'Proses permohonan pelibatan Pejabat Fungsional dan/atau Pejabat Pelaksana lintas unit "
    "organisasi' dalam teks mekanisme adalah Mekanisme Penunjukkan yang Bersifat Lintas Unit "
    "Organisasi (Lampiran II.B.2 1) b)): {pimpinan} sebagai Pimpinan Unit Organisasi Pemilik "
    "Kinerja mengirim surat permohonan pelibatan kepada Pejabat Penilai Kinerja dituju "
    "(B2.1b.1). Langkah ini memanggil proses itu (call activity "
    "PG_1b_penunjukkan_lintas_unit, berkas penugasan_1b_penunjukkan_lintas_unit.bpmn); lajur "
    "'Pimpinan Unit Organisasi Pemilik Kinerja' di sana dijalankan oleh {pimpinan}. Keputusan "
    "dalam proses yang dipanggil (data tugas): disetujui. Bila permohonan ditolak (B2.1b.4), "
    "teks mekanisme tidak mengatur kelanjutannya; {pimpinan} memutuskan tindak lanjutnya "
    "(ajukan ke unit lain, atau lanjut dengan JF/JP yang ada)."
)

LOOP_NOTE = (
    "Teks mekanisme ini hanya meneruskan hasil 'yang telah sesuai dengan target'; kalimat "
    "pengembalian hasil untuk disesuaikan kembali eksplisit hanya pada mekanisme 5 dan 6 "
    "(D5.c.2, D6.c.2). Hasil yang tidak sesuai di tingkat mana pun dimodelkan dikembalikan "
    "kepada Pejabat Fungsional dan/atau Pejabat Pelaksana (individu atau Tim Kerja) untuk "
    "disesuaikan kembali, lalu ditinjau ulang dari peninjau pertama."
)


def add_lanes(
    b: ProcessBuilder,
    prefix: str,
    keys: Sequence[str],
    notes: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Declare a lane per role key (top to bottom); returns role key -> lane id.

    ``notes``: role key -> a ``Catatan`` for that lane's documentation.
    """
    out = {}
    for key in keys:
        r = role(key)
        text = f"Peran: {r.key}"
        if notes and key in notes:
            text += f"\n\nCatatan: {notes[key]}"
        out[key] = b.lane(lane_id(prefix, key), r.name, documentation=text)
    return out


@dataclass(frozen=True)
class Step:
    """One step of a linear stretch: id suffix, name, performing role, citations.

    A user task, or with ``calls`` a call activity running that process (a
    penugasan variant of :mod:`.penugasan`, in its own file).
    """

    suffix: str
    name: str
    role: str
    cites: tuple[str, ...]
    note: str = ""
    refs: tuple[Reference, ...] = ()
    calls: str = ""


def steps(
    b: ProcessBuilder, prefix: str, lanes: dict[str, str], items: Sequence[Step]
) -> list[str]:
    """Add ``items`` as user tasks (call activities where ``calls``) chained in order; their ids."""
    ids = []
    for s in items:
        kw = {"lane": lanes[s.role], "cites": s.cites, "refs": s.refs, "note": s.note}
        if s.calls:
            ids.append(b.call(f"{prefix}_{s.suffix}", s.name, s.calls, **kw))
        else:
            ids.append(b.user_task(f"{prefix}_{s.suffix}", s.name, **kw))
    b.chain(*ids)
    return ids


def alternatives(
    b: ProcessBuilder,
    gateway: str,
    chosen: str,
    otherwise: str,
    join: str,
    *,
    condition: str,
    names: tuple[str, str] = ("Ya", "Tidak"),
) -> None:
    """``gateway`` -> ``chosen`` if ``condition``, else (default flow) ``otherwise``; then ``join``.

    ``names`` label the two branches; ``otherwise == join`` makes ``chosen`` an optional step.
    """
    b.flow(gateway, chosen, name=names[0], condition=condition)
    b.flow(gateway, otherwise, name=names[1], default=True)
    b.flow(chosen, join)
    if otherwise != join:
        b.flow(otherwise, join)


def strategi(
    b: ProcessBuilder,
    prefix: str,
    lanes: dict[str, str],
    *,
    pimpinan: str,
    cites: Sequence[str],
    lintas_cites: Sequence[str],
    ketua_cites: Sequence[str],
    bentuk_cites: Sequence[str],
    strategy_name: str = "Merumuskan strategi pelaksanaan pencapaian target kinerja",
    strategy_note: str = "",
    after: Sequence[Step] = (),
) -> tuple[str, str]:
    """The strategy task and its three decisions; returns (first node id, last node id).

    Strategy (by ``pimpinan``) -> ``after`` steps -> lintas unit? (Ya: the
    permohonan pelibatan, a call activity running ``PG_1b_penunjukkan_lintas_unit``
    of :mod:`.penugasan`) -> Tim Kerja or individu -> for a team, Ketua Tim?
    (Ya: penunjukan).
    """
    lane = lanes[pimpinan]
    first = b.user_task(
        f"{prefix}_rumuskan_strategi",
        strategy_name,
        lane=lane,
        cites=cites,
        note=(
            "Keputusan yang dihasilkan (data tugas): bentuk ('tim' atau 'individu'), "
            "lintas_unit (ya/tidak), ketua_tim (ya/tidak, hanya untuk Tim Kerja), "
            "pimpinan_memantau (ya/tidak: bila ada Ketua Tim, Pimpinan Unit Organisasi ikut "
            "memantau pada pelaksanaan). " + strategy_note
        ).strip(),
    )
    between = steps(b, prefix, lanes, after)
    gw_lintas = b.xor(
        f"{prefix}_gw_lintas_unit",
        "Perlu JF/JP lintas unit?",
        lane=lane,
        cites=lintas_cites,
        note="Kondisi pada data: lintas_unit.",
    )
    mohon = b.call(
        f"{prefix}_mohon_lintas_unit",
        "Permohonan pelibatan JF/JP lintas unit",
        PENUNJUKKAN_LINTAS_UNIT,
        lane=lane,
        cites=(*lintas_cites, PERMOHONAN_LINTAS_UNIT),
        refs=(LINTAS_UNIT_REF,),
        note=LINTAS_UNIT_NOTE.format(pimpinan=role(pimpinan).name),
    )
    join_lintas = b.xor(f"{prefix}_gabung_lintas_unit", lane=lane, cites=lintas_cites)
    join_mohon = b.xor(
        f"{prefix}_gabung_permohonan",
        lane=lane,
        cites=lintas_cites,
        note="Permohonan kepada unit lain dimulai lagi dari sini setelah penolakan.",
    )
    gw_disetujui = b.xor(
        f"{prefix}_gw_permohonan_disetujui",
        "Permohonan disetujui?",
        lane=lane,
        cites=(PERMOHONAN_DITOLAK,),
        note="Kondisi pada data: disetujui (diputuskan PPK dituju pada proses yang dipanggil).",
    )
    tindak_lanjut = b.user_task(
        f"{prefix}_tindak_lanjut_penolakan",
        "Memutuskan tindak lanjut penolakan permohonan",
        lane=lane,
        cites=(*cites, PERMOHONAN_DITOLAK),
        note=(
            "Teks mekanisme tidak mengatur kelanjutan perencanaan bila permohonan pelibatan "
            "ditolak (B2.1b.4). Dimodelkan sebagai keputusan Pimpinan Unit Organisasi yang "
            "merumuskan strategi: mengajukan permohonan kepada unit lain, atau melanjutkan "
            "dengan JF/JP yang ada. Keputusan (data tugas): ajukan_lagi."
        ),
    )
    gw_lagi = b.xor(
        f"{prefix}_gw_ajukan_lagi",
        "Ajukan ke unit lain?",
        lane=lane,
        cites=(PERMOHONAN_DITOLAK,),
        note="Kondisi pada data: ajukan_lagi.",
    )
    gw_bentuk = b.xor(
        f"{prefix}_gw_bentuk",
        "Bentuk pelaksanaan tugas?",
        lane=lane,
        cites=bentuk_cites,
        note="Kondisi pada data: bentuk == 'tim' atau 'individu'.",
    )
    gw_ketua = b.xor(
        f"{prefix}_gw_ketua_tim",
        "Perlu Ketua Tim?",
        lane=lane,
        cites=ketua_cites,
        note="Kondisi pada data: ketua_tim.",
    )
    tunjuk = b.user_task(
        f"{prefix}_tunjuk_ketua_tim",
        "Menunjuk Ketua Tim",
        lane=lane,
        cites=ketua_cites,
        refs=(PIMPINAN_KETUA_TIM, PASAL_10_3),
        note=(
            "Bila anggota Tim Kerja berasal dari lintas unit organisasi atau lintas instansi, "
            "Ketua Tim diutamakan dari Unit Organisasi Pemilik Kinerja (Pasal 10 ayat (3); "
            "Lampiran II.B.3 huruf d)."
        ),
    )
    join_ketua = b.xor(f"{prefix}_gabung_ketua_tim", lane=lane, cites=ketua_cites)
    join_bentuk = b.xor(f"{prefix}_gabung_bentuk", lane=lane, cites=bentuk_cites)
    if between:
        b.flow(first, between[0])
        b.flow(between[-1], gw_lintas)
    else:
        b.flow(first, gw_lintas)
    b.flow(gw_lintas, join_mohon, name="Ya", condition="lintas_unit")
    b.flow(gw_lintas, join_lintas, name="Tidak", default=True)
    b.chain(join_mohon, mohon, gw_disetujui)
    b.flow(gw_disetujui, join_lintas, name="Ya", condition="disetujui")
    b.flow(gw_disetujui, tindak_lanjut, name="Tidak", default=True)
    b.flow(tindak_lanjut, gw_lagi)
    b.flow(gw_lagi, join_mohon, name="Ya", condition="ajukan_lagi")
    b.flow(gw_lagi, join_lintas, name="Tidak", default=True)
    b.flow(join_lintas, gw_bentuk)
    b.flow(gw_bentuk, gw_ketua, name="Tim Kerja", condition='bentuk == "tim"')
    b.flow(gw_bentuk, join_bentuk, name="Individu", condition='bentuk == "individu"')
    alternatives(b, gw_ketua, tunjuk, join_ketua, join_ketua, condition="ketua_tim")
    b.flow(join_ketua, join_bentuk)
    return first, join_bentuk


@dataclass(frozen=True)
class Reviewer:
    """One level of the evaluasi chain: who reviews, the decision variable, what it cites."""

    role: str
    variable: str
    cites: tuple[str, ...]
    name: str = "Meninjau hasil pelaksanaan kegiatan"
    note: str = ""


def evaluasi(
    b: ProcessBuilder,
    prefix: str,
    lanes: dict[str, str],
    chain: Sequence[Reviewer],
    *,
    end_cites: Sequence[str],
    rework_cites: Sequence[str],
    rework_note: str,
) -> None:
    """Review up ``chain``; a miss anywhere goes to JF/JP for rework, then to the first reviewer."""
    first = chain[0]
    start = b.start(
        f"{prefix}_mulai",
        "Hasil pelaksanaan kegiatan diterima",
        lane=lanes[first.role],
        cites=first.cites,
    )
    join_review = b.xor(
        f"{prefix}_gabung_tinjau",
        lane=lanes[first.role],
        cites=first.cites,
        note="Hasil yang telah disesuaikan kembali ditinjau ulang dari sini.",
    )
    b.chain(start, join_review)
    previous, previous_variable = join_review, None
    gateways: list[str] = []
    for reviewer in chain:
        short = reviewer.role.removeprefix("L_").lower()
        task = b.user_task(
            f"{prefix}_tinjau_{short}",
            reviewer.name,
            lane=lanes[reviewer.role],
            cites=reviewer.cites,
            note=(f"Keputusan (data tugas): {reviewer.variable}. " + reviewer.note).strip(),
        )
        gw = b.xor(
            f"{prefix}_gw_{reviewer.variable}",
            "Sesuai target?",
            lane=lanes[reviewer.role],
            cites=reviewer.cites,
            note=f"Kondisi pada data: {reviewer.variable}.",
        )
        if previous_variable is None:
            b.flow(previous, task)
        else:
            b.flow(previous, task, name="Ya", condition=previous_variable)
        b.flow(task, gw)
        previous, previous_variable = gw, reviewer.variable
        gateways.append(gw)
    end = b.end(
        f"{prefix}_selesai",
        "Pelaksanaan kegiatan dinyatakan selesai",
        lane=lanes[chain[-1].role],
        cites=end_cites,
    )
    b.flow(previous, end, name="Ya", condition=previous_variable)
    join_rework = b.xor(
        f"{prefix}_gabung_revisi", lane=lanes["L_JFJP"], cites=rework_cites, note=rework_note
    )
    rework = b.user_task(
        f"{prefix}_sesuaikan",
        "Menyesuaikan kembali hasil pelaksanaan kegiatan",
        lane=lanes["L_JFJP"],
        cites=rework_cites,
        note=rework_note,
    )
    for gw in gateways:
        b.flow(gw, join_rework, name="Tidak", default=True)
    b.chain(join_rework, rework, join_review)


def perencanaan(
    b: ProcessBuilder,
    prefix: str,
    lanes: dict[str, str],
    *,
    head: Sequence[Step],
    pimpinan: str,
    strategy_cites: Sequence[str],
    lintas_cites: Sequence[str],
    bentuk_cites: Sequence[str],
    ketua_cites: Sequence[str],
    rencana_cites: Sequence[str],
    strategy_name: str = "Merumuskan strategi pelaksanaan pencapaian target kinerja",
    strategy_note: str = "",
    after_strategy: Sequence[Step] = (),
) -> None:
    """The whole perencanaan phase: start, ``head`` steps, the strategy block, the plan, end."""
    first = head[0]
    start = b.start(
        f"{prefix}_mulai", "Tahap perencanaan dimulai", lane=lanes[first.role], cites=first.cites
    )
    head_ids = steps(b, prefix, lanes, head)
    strategy_first, strategy_last = strategi(
        b,
        prefix,
        lanes,
        pimpinan=pimpinan,
        cites=strategy_cites,
        lintas_cites=lintas_cites,
        ketua_cites=ketua_cites,
        bentuk_cites=bentuk_cites,
        strategy_name=strategy_name,
        strategy_note=strategy_note,
        after=after_strategy,
    )
    pimpinan_name = role(pimpinan).name
    bersama = (
        f"Teks: JF/JP (individu atau Tim Kerja) 'bersama {pimpinan_name}' menyusun rencana. "
        "Dimodelkan sebagai dua tugas yang berjalan bersamaan, satu di tiap lajur, agar waktu "
        "keduanya terhitung dalam simulasi; keduanya selesai sebelum perencanaan berakhir."
    )
    fork = b.parallel(f"{prefix}_rencana_bersama", lane=lanes["L_JFJP"], cites=rencana_cites)
    rencana = b.user_task(
        f"{prefix}_susun_rencana",
        "Menyusun rencana pelaksanaan kegiatan dan anggaran",
        lane=lanes["L_JFJP"],
        cites=rencana_cites,
        note=bersama,
    )
    rencana_pimpinan = b.user_task(
        f"{prefix}_susun_rencana_pimpinan",
        "Menyusun rencana kegiatan dan anggaran bersama JF/JP",
        lane=lanes[pimpinan],
        cites=rencana_cites,
        note=bersama,
    )
    join = b.parallel(f"{prefix}_rencana_tersusun", lane=lanes["L_JFJP"], cites=rencana_cites)
    end = b.end(
        f"{prefix}_selesai",
        "Rencana kegiatan dan anggaran tersusun",
        lane=lanes["L_JFJP"],
        cites=rencana_cites,
    )
    b.chain(start, head_ids[0])
    b.chain(head_ids[-1], strategy_first)
    b.chain(strategy_last, fork, rencana, join, end)
    b.chain(fork, rencana_pimpinan, join)
