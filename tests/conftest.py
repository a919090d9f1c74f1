"""Shared pytest configuration: which tests the fast lane (``pytest -m "not slow"``) leaves out.

Tests that are slow by nature carry ``@pytest.mark.slow`` in their own file. The tests below
were found slow by measurement (``pytest -m "not slow" --durations=40`` on the 2-core dev
machine, each over about 4 s under load: statistical runs, corpus-wide sweeps, worker pools,
Chromium, subprocesses interrupted by signals) and are marked here, in one table, so that the
fast lane stays under two minutes without touching every file. Every parametrisation of a
listed test is slow. The full suite (README Quickstart, CI) runs them all;
``tests/test_project.py`` checks that every name listed still exists.
"""

from __future__ import annotations

import pytest

#: "file::test" -> why it is slow
SLOW_TESTS: dict[str, str] = {
    "tests/test_whatif_sweep.py::test_results_are_identical_for_any_number_of_workers":
        "worker pools of several sizes",
    "tests/test_whatif_sweep.py::test_local_executor_keeps_item_order": "a process pool",
    "tests/test_whatif_sweep.py::test_sweep_of_head_count_names_the_saturation_point":
        "a grid of simulations",
    "tests/test_whatif_sweep.py::test_dask_local_cluster_gives_the_local_results":
        "a Dask cluster",
    "tests/test_whatif_compare.py::"
    "test_crn_makes_the_interval_of_a_head_count_difference_at_least_3x_narrower":
        "many paired replications",
    "tests/test_writer.py::test_miwg_files_round_trip_to_a_fixed_point_and_stay_schema_valid":
        "the whole MIWG corpus",
    "tests/test_writer.py::test_random_graphs_round_trip": "Hypothesis, many graphs",
    "tests/test_sim_model_only.py::test_every_miwg_file_simulates_or_is_refused_with_its_location":
        "the whole MIWG corpus simulated",
    "tests/test_miwg.py::test_interop_page_is_up_to_date": "the whole MIWG corpus validated",
    "tests/test_simulate_signals.py::test_sigint_during_csv_export_keeps_the_complete_parquet":
        "a subprocess interrupted by a signal",
    "tests/test_simulate_signals.py::test_signal_during_the_simulation_keeps_a_marked_partial_log":
        "a subprocess interrupted by a signal",
    "tests/test_simulate_signals.py::test_full_disk_is_a_clean_error_with_nothing_half_written":
        "a subprocess on a full file system",
    "tests/test_sim_theory.py::test_conservation_and_sanity_under_a_horizon":
        "a long statistical run",
    "tests/test_sim_theory.py::test_mmc_waiting_time_matches_erlang_c": "a long statistical run",
    "tests/test_sim_theory.py::test_tandem_line_sojourn_is_the_sum_of_mm1_sojourns":
        "a long statistical run",
    "tests/test_sim_memory.py::test_engine_keeps_a_few_bytes_per_finished_case":
        "a large run measured for memory",
    "tests/test_sim_inputs_fuzz.py::test_mutated_scenario_toml": "fuzzing",
    "tests/test_sim_inputs_fuzz.py::test_mutated_prosimos_json": "fuzzing",
    "tests/test_report.py::test_report_opens_and_prints_in_chromium": "Chromium",
    "tests/test_report.py::test_heat_hottest_task_is_the_longest_wait": "Chromium",
    "tests/test_sop.py::test_html_prints_on_f4_in_chromium": "Chromium",
    "tests/test_cli_render_trace.py::test_render_problems_exit_1": "Chromium",
    "tests/test_cli_render_trace.py::test_render_text_is_python_m_probisnis_render":
        "Chromium in a subprocess",
    "tests/test_prosimos_import.py::test_imported_inclusive_gateway_follows_prosimos_rule":
        "Prosimos and probisnis on the same model",
    "tests/test_layers.py::test_scenario_layer_is_on_no_import_cycle": "imports every module",
    "tests/test_export.py::test_xes_read_back_by_pm4py": "pm4py",
    "tests/test_sim_inputs_fuzz.py::test_generated_models_and_scenarios": "fuzzing",
    "tests/test_report_comparison.py::test_sweep_report_and_workbook": "a sweep, then a report",
    "tests/test_report.py::test_report_of_a_model_without_diagram_says_why":
        "a simulation and a report",
    "tests/test_run_limits.py::"
    "test_a_run_longer_than_spiffworkflows_depth_of_1000_is_followed_to_its_end":
        "a run of over 1000 steps",
    "tests/test_maps.py::test_peta_subproses_pelaksanaan_drills_down_into_each_mechanism":
        "every mechanism's drill-down laid out and drawn",
    "tests/test_cli_fuzz_bpmn.py::test_mutated_files_validate_run_simulate": "fuzzing",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("[", 1)[0] in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
