# One date format site-wide ("Nov 5, 2026"), the one posting cards write by hand (postings/cards.py):
# templates use `|date` or `|date:"DATETIME_FORMAT"`, Python `date_format(value)`, never a format string of their own.
DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i a"
