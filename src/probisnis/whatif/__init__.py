"""What-if analysis over the simulator: an analyst's comparative questions in one call.

* :func:`~probisnis.whatif.compare.compare`: paired replications with common random
  numbers, differences with 95 % intervals and a verdict per KPI;
* :func:`~probisnis.whatif.sweep.sweep`: a grid of parameter values, KPIs per point, the
  saturation point;
* :func:`~probisnis.whatif.stability.check`: does a run's work outgrow its people?
* :func:`~probisnis.whatif.starter.starter_scenario`: a starter scenario for any model;
* :mod:`~probisnis.whatif.executor`: where replications run (local processes or Dask).
"""
