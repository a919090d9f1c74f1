"""What a person reads: Indonesian labels, number and date formats, terminal tables.

:mod:`.numbers` formats numbers, percentages, rupiah, dates and durations through Babel;
:mod:`.labels` names KPIs, columns and units in Bahasa Indonesia and English. Nothing here
imports the engine: presentation reads results, it does not make them.
"""
