"""Contoh pengujian SOP: Mekanisme Kerja 1 (Sekretariat Daerah), dijalankan oleh pengujian.

Setiap fungsi ``test_...`` menjalankan proses di ``processes/`` dengan keputusan tertentu
dan memeriksa jalannya: langkah mana yang dilalui, oleh siapa, berapa kali, dan apakah
proses selesai. Jalankan dari akar repositori::

    pytest docs/examples

Fixture ``run_sop`` dan ``simulate_sop`` datang dari plugin pytest probisnis (terpasang
bersama paket), jadi berkas ini tidak perlu mengimpor apa pun.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROSES = ROOT / "processes"

#: keputusan dasar: Kepala Bagian membentuk tim dengan Ketua Tim, tanpa JF/JP lintas unit
KEPUTUSAN = {
    "M1a_rumuskan_strategi": {"bentuk": "tim", "lintas_unit": False, "ketua_tim": True,
                              "pimpinan_memantau": False},
    "M1b_laksanakan": [{"kendala": False, "sesuai_target": False},
                       {"kendala": False, "sesuai_target": True}],
    "M1c_tinjau_kabag": [{"sesuai_kabag": True}, {"sesuai_kabag": True}],
    "M1c_tinjau_asisten": [{"sesuai_asisten": False}, {"sesuai_asisten": True}],
    "M1c_tinjau_sekda": {"sesuai_sekda": True},
}

#: pelaksanaan kegiatan terbuka 8 hari kalender: pemantauan berkala (setiap 7 hari) terjadi
#: sekali per pelaksanaan. Tanpa waktu berlalu, pewaktu tidak pernah berbunyi.
WAKTU = {"M1b_laksanakan": "P8D"}


def test_kegiatan_tim_selesai_sesudah_satu_perbaikan(run_sop):
    run = run_sop("M1_mekanisme", KEPUTUSAN, library=PROSES, task_time=WAKTU)
    run.assert_completed()
    # tahap perencanaan, pelaksanaan, evaluasi berurutan
    run.assert_path("Menyusun dan menetapkan perjanjian kinerja", "Menunjuk Ketua Tim",
                    "Melaksanakan kegiatan dan berkolaborasi", "M1c_tinjau_sekda")
    # siapa mengerjakan apa
    run.assert_lane("M1a_susun_pk", "Sekretaris Daerah")
    run.assert_lane("Menunjuk Ketua Tim", "Kepala Bagian")
    run.assert_lane("M1b_pantau_ketua", "Ketua Tim")
    # Ketua Tim memantau sekali setiap pelaksanaan (dua pelaksanaan, masing-masing 8 hari)
    run.assert_count("M1b_pantau_ketua", 2)
    # ... karena pewaktu berkala pada tepi pelaksanaan berbunyi dua kali (hari ke-7 dan ke-14);
    # jejak mencatatnya sebagai langkah tersendiri, tepat sebelum pemantauan yang dipicunya
    run.assert_count("M1b_pantau_berkala", 2)
    run.assert_path("M1b_pantau_berkala", "M1b_pantau_mulai", "M1b_pantau_ketua")
    # hasil belum sesuai target sekali: kegiatan dilaksanakan dua kali
    run.assert_count("M1b_laksanakan", 2)
    # Asisten meminta penyesuaian sekali: hasil disesuaikan satu kali
    run.assert_count("Menyesuaikan kembali hasil pelaksanaan kegiatan", 1)
    # tanpa JF/JP lintas unit, penugasan 1b tidak dipanggil
    run.assert_skipped("M1a_mohon_lintas_unit")


def test_tanpa_ketua_tim_kepala_bagian_memantau(run_sop):
    keputusan = {
        **KEPUTUSAN,
        "M1a_rumuskan_strategi": {"bentuk": "tim", "lintas_unit": False, "ketua_tim": False},
        "M1b_laksanakan": {"kendala": False, "sesuai_target": True},
        "M1c_tinjau_asisten": {"sesuai_asisten": True},
    }
    run = run_sop("M1_mekanisme", keputusan, library=PROSES, task_time=WAKTU)
    run.assert_completed()
    run.assert_skipped("Menunjuk Ketua Tim")
    run.assert_lane("M1b_pantau_pimpinan", "Kepala Bagian")
    run.assert_count("M1b_laksanakan", 1)
    run.assert_skipped("Menyesuaikan kembali hasil pelaksanaan kegiatan")


def test_waktu_siklus_skenario_dasar_di_bawah_batas(simulate_sop):
    sim = simulate_sop(ROOT / "simulations" / "m1_sekretariat_daerah.toml", cases=12,
                       replications=2, seed=1)
    # batas kebijakan (contoh): rata-rata satu kegiatan selesai dalam 150 hari kerja
    sim.assert_kpi("cycle_time_working", at_most=150, unit="working_day")
    sim.assert_kpi("utilization", "Sekretaris Daerah", at_most=100, unit="percent")
