"""Pages of the planning app: proposals and their trail, the village's view and the sync matrix,
the calendar, partner programmes, the agencies' work plans, and the spreadsheets."""
