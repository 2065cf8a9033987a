"""Forms of the planning pages: proposals and their trail (`proposals`), the calendar, partner
programmes and work plans (`workplans`), and the spreadsheets (`files`)."""
