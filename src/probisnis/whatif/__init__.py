"""What-if analysis: starter scenarios, comparisons with verdicts, sweeps, stability checks."""
