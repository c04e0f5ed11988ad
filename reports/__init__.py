"""Reports: the weekly unit report, board exports and their delivery."""
