"""The pelaksanaan phase shared by the six work mechanisms (Lampiran II.D, huruf b).

Like the blocks of :mod:`.phases`, it adds nodes and flows to a :class:`ProcessBuilder`
whose ids start with ``prefix`` (``M1b``, ``M2b``...); the decisions it reads
(``bentuk``, ``ketua_tim``, ``sesuai_target``) are described there.
"""

from __future__ import annotations

from collections.abc import Sequence

from probisnis.library.builder import ProcessBuilder
from probisnis.library.phases import (
    KETUA_TIM_BAGI_PERAN,
    KETUA_TIM_CONDITION,
    alternatives,
)
from probisnis.library.roles import role

__all__ = ["pelaksanaan", "pelaksanaan_led_by"]


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
    )
    gw_pemantau = b.xor(
        f"{prefix}_gw_pemantau",
        "Dipantau oleh?",
        lane=jfjp,
        cites=cites_pantau,
        note=f"Kondisi pada data: {KETUA_TIM_CONDITION}.",
    )
    pantau_ketua = b.user_task(
        f"{prefix}_pantau_ketua",
        "Memantau perkembangan dan memberi umpan balik",
        lane=ketua,
        cites=cites_pantau,
        note=(
            "Keputusan (data tugas): sesuai_target. Teks: 'dan/atau Ketua Tim'; dimodelkan: "
            "Tim Kerja dengan Ketua Tim dipantau Ketua Tim. " + pantau_note
        ).strip(),
    )
    pantau_pimpinan = b.user_task(
        f"{prefix}_pantau_pimpinan",
        "Memantau perkembangan dan memberi umpan balik",
        lane=lanes[pemantau],
        cites=cites_pantau,
        note=(
            "Keputusan (data tugas): sesuai_target. Pemantauan berkala atau sewaktu-waktu "
            "dimodelkan sebagai satu putaran pantau-umpan balik per iterasi. " + pantau_note
        ).strip(),
    )
    join_pantau = b.xor(f"{prefix}_gabung_pemantau", lane=jfjp, cites=cites_pantau)
    gw_sesuai = b.xor(
        f"{prefix}_gw_sesuai_target",
        "Hasil sesuai target?",
        lane=jfjp,
        cites=cites_sampaikan,
        note=(
            "Kondisi pada data: sesuai_target. Hanya hasil yang sesuai target yang "
            "disampaikan; selain itu kegiatan dilanjutkan dengan umpan balik."
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
    end = b.end(
        f"{prefix}_selesai",
        f"Hasil diterima {role(penerima).label}",
        lane=lanes[penerima],
        cites=cites_sampaikan,
    )
    b.chain(start, rincian, gw_bentuk)
    b.flow(gw_bentuk, gw_ketua, name="Tim Kerja", condition='bentuk == "tim"')
    b.flow(gw_bentuk, join_bentuk, name="Individu", condition='bentuk == "individu"')
    alternatives(b, gw_ketua, bagi_ketua, bagi_pimpinan, join_ketua, condition="ketua_tim")
    b.flow(join_ketua, join_bentuk)
    b.chain(join_bentuk, join_loop, laksanakan, gw_pemantau)
    alternatives(
        b,
        gw_pemantau,
        pantau_ketua,
        pantau_pimpinan,
        join_pantau,
        condition=KETUA_TIM_CONDITION,
        names=("Ketua Tim", role(pemantau).label),
    )
    b.flow(join_pantau, gw_sesuai)
    b.flow(gw_sesuai, gw_penyampai, name="Ya", condition="sesuai_target")
    b.flow(gw_sesuai, join_loop, name="Tidak", default=True)
    alternatives(
        b,
        gw_penyampai,
        sampaikan_ketua,
        sampaikan_jfjp,
        join_sampaikan,
        condition=KETUA_TIM_CONDITION,
        names=("Ketua Tim", "Individu"),
    )
    b.flow(join_sampaikan, end)


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
