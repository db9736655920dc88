"""What a posting's pay and dates may be: values refused as impossible, and values only warned about.

One place for the limits, used by the model's clean() (every form: the admin,
the API) and by the admin's warnings after a save. The figures are for US
occupational therapists: the federal minimum wage is $7.25 an hour; OTs'
median pay is about $45 an hour or $95,000 a year, travel and per-diem rates
run higher. A value outside the refused range is a slip (a yearly figure typed
per hour, a missing digit); one outside the usual range may be right, so it is
saved and the admin is asked to check it.
"""

from decimal import Decimal

HOURS_A_YEAR = 2080

# unit: (lowest accepted, highest accepted), (lowest usual, highest usual)
LIMITS = {
    "hour": ((Decimal("7.25"), Decimal("250")), (Decimal("25"), Decimal("120"))),
    "year": ((Decimal("15080"), Decimal("500000")), (Decimal("50000"), Decimal("200000"))),
}
UNIT_WORDS = {"hour": "an hour", "year": "a year"}
# A start this far ahead is unusual for an opening: it is probably a typo in the year.
USUAL_START_WITHIN_DAYS = 365


def money(amount):
    return f"${amount:,.2f}".replace(".00", "")


def pay_errors(salary_min, salary_max, unit):
    """{field: message} for pay figures no posting can have, e.g. $2,400 an hour."""
    if unit not in LIMITS:
        return {}
    (lowest, highest), _usual = LIMITS[unit]
    errors = {}
    for field, amount in (("salary_min", salary_min), ("salary_max", salary_max)):
        if amount is None:
            continue
        if amount > highest:
            hint = " Is it a yearly figure? Choose “per year”." if unit == "hour" and amount >= 1000 else ""
            errors[field] = (
                f"{money(amount)} {UNIT_WORDS[unit]} is more than any OT posting pays "
                f"(at most {money(highest)} {UNIT_WORDS[unit]}).{hint}"
            )
        elif amount < lowest:
            hint = " Is it an hourly figure? Choose “per hour”." if unit == "year" and amount <= 500 else ""
            errors[field] = (
                f"{money(amount)} {UNIT_WORDS[unit]} is below the federal minimum wage "
                f"({money(lowest)} {UNIT_WORDS[unit]}).{hint}"
            )
    return errors


def unusual_values(posting, today):
    """Sentences about values that are accepted but unusual, for the admin to check after saving."""
    notes = []
    if posting.salary_unit in LIMITS:
        _limits, (low, high) = LIMITS[posting.salary_unit]
        words = UNIT_WORDS[posting.salary_unit]
        for label, amount in (("minimum", posting.salary_min), ("maximum", posting.salary_max)):
            if amount is not None and not low <= amount <= high:
                side = "above" if amount > high else "below"
                notes.append(
                    f"The pay {label}, {money(amount)} {words}, is {side} what OT postings usually pay "
                    f"({money(low)}–{money(high)} {words}): please check it."
                )
    if posting.start_date and (posting.start_date - today).days > USUAL_START_WITHIN_DAYS:
        notes.append(
            f"The start date, {posting.start_date:%b} {posting.start_date.day}, {posting.start_date.year}, "
            "is more than a year away: please check the year."
        )
    return notes
