"""The pelaksanaan phase shared by the six work mechanisms (Lampiran II.D, huruf b).

Like the blocks of :mod:`.phases`, it adds nodes and flows to a :class:`ProcessBuilder`
whose ids start with ``prefix`` (``M1b``, ``M2b``...); the decisions it reads
(``bentuk``, ``ketua_tim``, ``sesuai_target``) are described there.
"""

from __future__ import annotations

from collections.abc import Sequence

from probisnis.bpmn.model import EventDefinition, Process
from probisnis.library.builder import ProcessBuilder
from probisnis.library.clauses import Reference
from probisnis.library.phases import (
    KETUA_TIM_BAGI_PERAN,
    KETUA_TIM_CONDITION,
    alternatives,
)
from probisnis.library.roles import role

__all__ = [
    "KENDALA_CONDITION",
    "KETUA_LAPOR_KINERJA",
    "PANTAU_BERKALA",
    "PANTAU_SEWAKTU",
    "PIMPINAN_MEMANTAU",
    "TIM_KENDALA",
    "pelaksanaan",
    "pelaksanaan_led_by",
]

#: the period of "secara berkala" monitoring (the text gives none: one week, calendar time)
PANTAU_BERKALA = "R/P7D"
#: the model's interval of "sewaktu-waktu" monitoring (scenarios draw their own gaps)
PANTAU_SEWAKTU = "R/P10D"

#: a Tim Kerja takes a problem to the Pimpinan (read only for a team)
KENDALA_CONDITION = 'bentuk == "tim" and kendala'

TIM_KENDALA = Reference(
    "Lampiran II.B.3.a (Tim Kerja) angka 3)",
    "Apabila terdapat permasalahan dan kendala dalam pelaksanaan tugas dan kegiatan, Tim Kerja "
    "dapat menyampaikan permasalahan dan kendala beserta alternatif rekomendasi kepada Pimpinan "
    "Unit Organisasi untuk diputuskan dan/atau ditindaklanjuti",
)
PIMPINAN_MEMANTAU = Reference(
    "Lampiran II.B.3.a (Tim Kerja) angka 4)",
    "Pimpinan Unit Organisasi memantau dan mengevaluasi secara berkala pelaksanaan tugas dan "
    "kegiatan Tim Kerja sebagai bahan input pengambilan keputusan dan pemberian arahan "
    "pelaksanaan tugas dan kegiatan Tim Kerja",
)
KETUA_LAPOR_KINERJA = Reference(
    "Lampiran II.B.3 (tanggung jawab Ketua Tim)",
    "melaporkan hasil kinerja anggota timnya kepada Pejabat Penilai Kinerja dan Pimpinan Unit "
    "Organisasi yang bersangkutan sebagai bahan pertimbangan penilaian kinerja Pejabat "
    "Fungsional dan/atau Pejabat Pelaksana",
)


def pelaksanaan(
    b: ProcessBuilder,
    prefix: str,
    lanes: dict[str, str],
    *,
    pimpinan: str,
    pemantau: str,
    penerima: str,
    cites_rincian: Sequence[str],
    cites_bagi_peran: Sequence[str],
    cites_laksanakan: Sequence[str],
    cites_pantau: Sequence[str],
    cites_sampaikan: Sequence[str],
    rincian_note: str = "",
    pantau_note: str = "",
    sampaikan_note: str = "",
) -> None:
    """The whole pelaksanaan phase, start to end.

    ``pimpinan`` divides roles of a team without a Ketua Tim; ``pemantau``
    monitors when there is no Ketua Tim; ``penerima`` receives the results.
    """
    jfjp, ketua = lanes["L_JFJP"], lanes["L_KETUA_TIM"]
    start = b.start(
        f"{prefix}_mulai", "Tahap pelaksanaan dimulai", lane=jfjp, cites=cites_rincian[:1]
    )
    rincian = b.user_task(
        f"{prefix}_susun_rincian",
        "Menyusun rincian pelaksanaan kegiatan dan anggaran",
        lane=jfjp,
        cites=cites_rincian,
        note=rincian_note,
    )
    gw_bentuk = b.xor(
        f"{prefix}_gw_bentuk",
        "Tim Kerja?",
        lane=jfjp,
        cites=cites_bagi_peran,
        note="Kondisi pada data: bentuk (diputuskan pada perencanaan).",
    )
    gw_ketua = b.xor(
        f"{prefix}_gw_ketua_tim",
        "Ada Ketua Tim?",
        lane=jfjp,
        cites=cites_bagi_peran,
        note="Kondisi pada data: ketua_tim (diputuskan pada perencanaan).",
    )
    bagi_ketua = b.user_task(
        f"{prefix}_bagi_peran_ketua",
        "Membagi peran Anggota Tim",
        lane=ketua,
        cites=cites_bagi_peran,
        refs=(KETUA_TIM_BAGI_PERAN,),
        note="Kalimat pasif; pelaku diambil dari tanggung jawab Ketua Tim (Lampiran II.B.3).",
    )
    bagi_pimpinan = b.user_task(
        f"{prefix}_bagi_peran_pimpinan",
        "Membagi peran Anggota Tim",
        lane=lanes[pimpinan],
        cites=cites_bagi_peran,
        note=(
            "Kalimat pasif; untuk Tim Kerja tanpa Ketua Tim teks tidak menyebut pelakunya. "
            f"Dimodelkan oleh {role(pimpinan).name} sebagai Pimpinan Unit Organisasi."
        ),
    )
    join_ketua = b.xor(f"{prefix}_gabung_ketua_tim", lane=jfjp, cites=cites_bagi_peran)
    join_bentuk = b.xor(f"{prefix}_gabung_bentuk", lane=jfjp, cites=cites_bagi_peran)
    join_loop = b.xor(
        f"{prefix}_gabung_umpan_balik",
        lane=jfjp,
        cites=cites_pantau,
        note="Kembali ke sini setelah umpan balik atas hasil yang belum sesuai target.",
    )
    laksanakan = b.user_task(
        f"{prefix}_laksanakan",
        "Melaksanakan kegiatan dan berkolaborasi",
        lane=jfjp,
        cites=cites_laksanakan,
        note=(
            "Keputusan (data tugas): kendala (Tim Kerja menemui permasalahan, ya/tidak) dan "
            "sesuai_target (hasil, dengan umpan balik pemantauan, sesuai target)."
        ),
    )
    gw_kendala = b.xor(
        f"{prefix}_gw_kendala",
        "Berjalan tanpa kendala?",
        lane=jfjp,
        cites=cites_laksanakan[:1],
        refs=(TIM_KENDALA,),
        note=(
            f"Kondisi pada data: {KENDALA_CONDITION}. Lampiran II.B.3 mengatur penyampaian "
            "permasalahan oleh Tim Kerja; untuk individu teks tidak mengaturnya."
        ),
    )
    sampaikan_kendala = b.user_task(
        f"{prefix}_sampaikan_kendala",
        "Menyampaikan permasalahan dan alternatif rekomendasi",
        lane=jfjp,
        cites=cites_laksanakan[:1],
        refs=(TIM_KENDALA,),
        note=f"Disampaikan Tim Kerja kepada {role(pimpinan).name} (Pimpinan Unit Organisasi).",
    )
    putuskan_kendala = b.user_task(
        f"{prefix}_putuskan_kendala",
        "Memutuskan dan/atau menindaklanjuti permasalahan",
        lane=lanes[pimpinan],
        cites=cites_laksanakan[:1],
        refs=(TIM_KENDALA,),
        note=f"Dimodelkan oleh {role(pimpinan).name} sebagai Pimpinan Unit Organisasi.",
    )
    join_kendala = b.xor(
        f"{prefix}_gabung_kendala",
        lane=jfjp,
        cites=cites_laksanakan[:1],
        refs=(TIM_KENDALA,),
        note="Setelah Pimpinan Unit Organisasi memutuskan, hasil dinilai terhadap target.",
    )
    # monitoring "secara berkala": a non-interrupting cycle on the execution, each period
    # the Pimpinan and/or the Ketua Tim monitor and give feedback while the work goes on
    berkala = b.node(
        "boundaryEvent",
        f"{prefix}_pantau_berkala",
        "Setiap periode pemantauan",
        lane=jfjp,
        cites=cites_pantau,
        refs=(PIMPINAN_MEMANTAU,),
        attached_to=laksanakan,
        cancel_activity=False,
        event_definitions=(
            EventDefinition(
                "timer",
                id=f"{prefix}_pantau_berkala_def",
                attrs={"timeCycle": f"'{PANTAU_BERKALA}'"},
            ),
        ),
        note=(
            "Pewaktu berulang yang tidak menyela (timeCycle "
            f"{PANTAU_BERKALA}): 'secara berkala' selama kegiatan dilaksanakan, sehingga "
            "banyaknya pemantauan (dan waktu pemantau) bertambah dengan lamanya kegiatan. "
            "Teks tidak menyebut periodenya: satu minggu adalah pilihan pemodel; skenario "
            f"simulasi mengaturnya di [timers.{prefix}_pantau_berkala]."
        ),
    )
    _monitors(
        b,
        prefix,
        berkala,
        ketua=ketua,
        pimpinan_lane=lanes[pemantau],
        pemantau=pemantau,
        cites_pantau=cites_pantau,
        pantau_note=pantau_note,
        lane=jfjp,
    )
    # monitoring "sewaktu-waktu": an event subprocess that does not interrupt, as often
    # as the monitors choose while the phase runs
    b.node(
        "subProcess",
        f"{prefix}_pantau_sewaktu",
        "Pemantauan sewaktu-waktu",
        lane=lanes[pemantau],
        cites=cites_pantau,
        triggered_by_event=True,
        subprocess=_sewaktu(prefix, lanes, pemantau, cites_pantau, pantau_note),
        note=(
            "Subproses peristiwa yang tidak menyela: 'atau sewaktu-waktu' selama tahap "
            "pelaksanaan berjalan, berapa kali pun, tanpa menghentikan pelaksanaan. Pemicunya "
            f"pewaktu berulang ({PANTAU_SEWAKTU}) sebagai model saat yang tidak terjadwal; "
            "skenario simulasi menarik selangnya secara acak di "
            f"[timers.{prefix}_sewaktu_mulai]. Pesan tidak dipakai sebagai pemicu karena "
            "tidak ada pengirimnya di dalam model."
        ),
    )
    gw_sesuai = b.xor(
        f"{prefix}_gw_sesuai_target",
        "Hasil sesuai target?",
        lane=jfjp,
        cites=cites_sampaikan,
        note=(
            "Kondisi pada data: sesuai_target (diputuskan pada tugas pelaksanaan). Hanya hasil "
            "yang sesuai target yang disampaikan; selain itu kegiatan dilanjutkan dengan umpan "
            "balik."
        ),
    )
    gw_penyampai = b.xor(
        f"{prefix}_gw_penyampai",
        "Disampaikan oleh?",
        lane=jfjp,
        cites=cites_sampaikan,
        note=f"Kondisi pada data: {KETUA_TIM_CONDITION}.",
    )
    sampaikan_ketua = b.user_task(
        f"{prefix}_sampaikan_ketua",
        f"Menyampaikan hasil kepada {role(penerima).label}",
        lane=ketua,
        cites=(*cites_sampaikan, "B3.p.3"),
        note=sampaikan_note,
    )
    lapor_anggota = b.user_task(
        f"{prefix}_lapor_kinerja_anggota",
        "Melaporkan hasil kinerja Anggota Tim kepada PPK dan Pimpinan",
        lane=ketua,
        cites=cites_sampaikan,
        refs=(KETUA_LAPOR_KINERJA,),
        note=(
            "Bahan pertimbangan penilaian kinerja JF/JP (Lampiran II.B.3, tanggung jawab Ketua "
            "Tim); teks mekanisme tidak menyebut langkah ini, tanggung jawab Ketua Tim "
            "menyebutnya."
        ),
    )
    sampaikan_jfjp = b.user_task(
        f"{prefix}_sampaikan_individu",
        f"Menyampaikan hasil kepada {role(penerima).label}",
        lane=jfjp,
        cites=(*cites_sampaikan, "B3.p.1"),
        note=(
            "Teks: 'oleh individu atau Ketua Tim'. Tim Kerja tanpa Ketua Tim tidak diatur; "
            "dimodelkan disampaikan oleh JF/JP. " + sampaikan_note
        ).strip(),
    )
    join_sampaikan = b.xor(
        f"{prefix}_gabung_penyampai", lane=lanes[penerima], cites=cites_sampaikan
    )
    end = b.terminate_end(
        f"{prefix}_selesai",
        f"Hasil diterima {role(penerima).label}",
        lane=lanes[penerima],
        cites=cites_sampaikan,
        note=(
            "Akhir yang menghentikan semua (terminate): dengan diterimanya hasil, pemantauan "
            "berkala atau sewaktu-waktu atas kegiatan ini ikut berakhir."
        ),
    )
    b.chain(start, rincian, gw_bentuk)
    b.flow(gw_bentuk, gw_ketua, name="Tim Kerja", condition='bentuk == "tim"')
    b.flow(gw_bentuk, join_bentuk, name="Individu", condition='bentuk == "individu"')
    alternatives(b, gw_ketua, bagi_ketua, bagi_pimpinan, join_ketua, condition="ketua_tim")
    b.flow(join_ketua, join_bentuk)
    # execution, with the team's problems taken to the Pimpinan (Lampiran II.B.3) and work
    # that misses the target continued with the monitors' feedback
    b.chain(join_bentuk, join_loop, laksanakan, gw_kendala)
    b.flow(gw_kendala, join_kendala, name="Ya", default=True)
    b.flow(gw_kendala, sampaikan_kendala, name="Tidak", condition=KENDALA_CONDITION)
    b.chain(sampaikan_kendala, putuskan_kendala, join_kendala)
    b.flow(join_kendala, gw_sesuai)
    b.flow(gw_sesuai, gw_penyampai, name="Ya", condition="sesuai_target")
    b.flow(gw_sesuai, join_loop, name="Tidak", default=True)
    b.flow(gw_penyampai, sampaikan_ketua, name="Ketua Tim", condition=KETUA_TIM_CONDITION)
    b.flow(gw_penyampai, sampaikan_jfjp, name="Individu", default=True)
    b.chain(sampaikan_ketua, lapor_anggota, join_sampaikan)
    b.flow(sampaikan_jfjp, join_sampaikan)
    b.flow(join_sampaikan, end)


def _monitors(
    b: ProcessBuilder,
    prefix: str,
    trigger: str,
    *,
    ketua: str,
    pimpinan_lane: str,
    pemantau: str,
    cites_pantau: Sequence[str],
    pantau_note: str,
    lane: str,
    suffix: str = "",
) -> None:
    """``trigger`` -> the monitoring (an embedded subprocess) -> end.

    The choice "Dipantau oleh?" sits inside the subprocess: SpiffWorkflow's inclusive
    gateway also waits for a timer that has not fired, and the periodic timer upstream
    of it never stops waiting while the work goes on.
    """
    body = _monitoring_body(prefix, suffix, pemantau, cites_pantau, pantau_note)
    pemantauan = b.node(
        "subProcess",
        f"{prefix}_pemantauan{suffix}",
        "Memantau dan memberi umpan balik",
        lane=pimpinan_lane,
        cites=cites_pantau,
        subprocess=body,
        note=(
            "Pemantauan oleh Ketua Tim dan/atau Pimpinan Unit Organisasi (gerbang inklusif di "
            "dalam subproses); waktu pemantau dihitung dalam simulasi setiap kali pemantauan "
            "terjadi."
        ),
    )
    end = b.end(
        f"{prefix}_pantau_selesai{suffix}",
        "Umpan balik diberikan",
        lane=pimpinan_lane,
        cites=cites_pantau,
    )
    b.chain(trigger, pemantauan, end)


def _monitoring_body(
    prefix: str,
    suffix: str,
    pemantau: str,
    cites_pantau: Sequence[str],
    pantau_note: str,
) -> Process:
    """Start -> "Dipantau oleh?" -> Ketua Tim and/or Pimpinan -> join -> end."""
    b = ProcessBuilder(f"{prefix}_pemantauan{suffix}", "Memantau dan memberi umpan balik")
    pimpinan = b.lane(f"{prefix}P{suffix}_{pemantau}", role(pemantau).name)
    ketua = b.lane(f"{prefix}P{suffix}_L_KETUA_TIM", "Ketua Tim")
    start = b.start(f"{prefix}_pantau_mulai{suffix}", "", lane=pimpinan, cites=cites_pantau)
    gw_pemantau = b.node(
        "inclusiveGateway",
        f"{prefix}_gw_pemantau{suffix}",
        "Dipantau oleh?",
        lane=pimpinan,
        cites=cites_pantau,
        note=(
            "Teks: 'oleh <Pimpinan> dan/atau Ketua Tim': salah satu atau keduanya (gerbang "
            f"inklusif). Ketua Tim bila {KETUA_TIM_CONDITION}; {role(pemantau).name} bila tidak "
            "ada Ketua Tim, atau bila ia memilih ikut memantau (data: pimpinan_memantau, "
            "diputuskan pada strategi)."
        ),
    )
    pantau_ketua = b.user_task(
        f"{prefix}_pantau_ketua{suffix}",
        "Memantau perkembangan dan memberi umpan balik",
        lane=ketua,
        cites=cites_pantau,
        note=("Umpan balik kepada JF/JP. Teks: 'dan/atau Ketua Tim'. " + pantau_note).strip(),
    )
    pantau_pimpinan = b.user_task(
        f"{prefix}_pantau_pimpinan{suffix}",
        "Memantau perkembangan dan memberi umpan balik",
        lane=pimpinan,
        cites=cites_pantau,
        refs=(PIMPINAN_MEMANTAU,),
        note=(
            "Umpan balik kepada JF/JP, sejajar dengan pelaksanaan; waktu pemantau dihitung "
            "dalam simulasi setiap kali pemantauan terjadi. " + pantau_note
        ).strip(),
    )
    join_pantau = b.node(
        "inclusiveGateway", f"{prefix}_gabung_pemantau{suffix}", lane=pimpinan, cites=cites_pantau
    )
    end = b.end(f"{prefix}_pantau_akhir{suffix}", "", lane=pimpinan, cites=cites_pantau)
    b.flow(start, gw_pemantau)
    b.flow(gw_pemantau, pantau_ketua, name="Ketua Tim", condition=KETUA_TIM_CONDITION)
    b.flow(
        gw_pemantau,
        pantau_pimpinan,
        name="Pimpinan",  # short: the lane says which; a longer label reaches the task
        condition=f"not ({KETUA_TIM_CONDITION}) or pimpinan_memantau",
    )
    b.flow(pantau_ketua, join_pantau)
    b.flow(pantau_pimpinan, join_pantau)
    b.flow(join_pantau, end)
    return b.build()


def _sewaktu(
    prefix: str,
    lanes: dict[str, str],
    pemantau: str,
    cites_pantau: Sequence[str],
    pantau_note: str,
) -> Process:
    """The body of the "sewaktu-waktu" event subprocess: the same choice of monitors."""
    b = ProcessBuilder(f"{prefix}_pantau_sewaktu", "Pemantauan sewaktu-waktu")
    pimpinan = b.lane(f"{prefix}S_{pemantau}", role(pemantau).name)
    ketua = b.lane(f"{prefix}S_L_KETUA_TIM", "Ketua Tim")
    cycle = {"timeCycle": f"'{PANTAU_SEWAKTU}'"}  # quoted: SpiffWorkflow evaluates it
    start = b.start(
        f"{prefix}_sewaktu_mulai",
        "Pemantau memerlukan perkembangan",
        lane=pimpinan,
        cites=cites_pantau,
        event_definitions=(
            EventDefinition("timer", id=f"{prefix}_sewaktu_mulai_def", attrs=cycle),
        ),
        attrs={"isInterrupting": "false"},
    )
    _monitors(
        b,
        prefix,
        start,
        ketua=ketua,
        pimpinan_lane=pimpinan,
        pemantau=pemantau,
        cites_pantau=cites_pantau,
        pantau_note=pantau_note,
        lane=pimpinan,
        suffix="_sewaktu",
    )
    return b.build()


def pelaksanaan_led_by(
    b: ProcessBuilder,
    prefix: str,
    lanes: dict[str, str],
    leader: str,
    *,
    number: int,
    rincian_note: str = "",
) -> None:
    """:func:`pelaksanaan` of a unit with one ``leader`` who divides, monitors and receives.

    Cites ``D<number>.b.1``-``b.8`` as mechanisms 1, 3, 4, 5 and 6 number them: rincian
    b.1-2, laksanakan b.3/b.5/b.6, bagi peran b.4, pantau b.7, sampaikan b.8.
    """
    d = f"D{number}.b"
    pelaksanaan(
        b,
        prefix,
        lanes,
        pimpinan=leader,
        pemantau=leader,
        penerima=leader,
        cites_rincian=(f"{d}.1", f"{d}.2"),
        cites_bagi_peran=(f"{d}.4",),
        cites_laksanakan=(f"{d}.3", f"{d}.5", f"{d}.6"),
        cites_pantau=(f"{d}.7",),
        cites_sampaikan=(f"{d}.8",),
        rincian_note=rincian_note,
    )
