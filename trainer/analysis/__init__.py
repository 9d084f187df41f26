"""Item, test and call analysis: classical statistics, Rasch calibration, flags."""
