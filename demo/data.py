"""The demo's fixed material: sign-ins, facility cities, names, pay bands, and the shape of one posting or profile.

Everything here is plain data or a function of a seeded random generator, so
the same seed gives the same demo; demo/builder.py writes it to the database.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from applications.models import Application, CandidateProfile
from postings.models import JobPosting

DEMO_PASSWORD = "ot-demo-2026"
# Staff sign in with a second factor. Every demo staff account has this authenticator key (base32, as apps take
# it), so a person trying the demo adds it to an authenticator app once, or runs `manage.py demo_code`.
DEMO_TOTP_SECRET = "RIVERBENDOTDEMOTWOFACTORSIGNIN23"
DEMO_ACCOUNTS = {
    "admin@example.com": "Admin (Django admin, everything)",
    "recruiter@example.com": "Recruiter (every posting, assigns hiring managers)",
    "manager@example.com": "Hiring manager (reviews applicants of their postings)",
    "candidate@example.com": "Candidate (applications in several stages)",
}
DEMO_RESUME_NAME = "resumes/demo/sample-resume.pdf"
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# (state, city, ZIP, street) — a facility city in every state, the first twelve used by the small demo.
CITIES = [
    ("TX", "Austin", "78701", "1500 Red River St"),
    ("CA", "Sacramento", "95814", "2315 Stockton Blvd"),
    ("NY", "Albany", "12208", "43 New Scotland Ave"),
    ("FL", "Tampa", "33606", "1 Tampa General Cir"),
    ("IL", "Springfield", "62701", "800 E Carpenter St"),
    ("PA", "Pittsburgh", "15213", "200 Lothrop St"),
    ("OH", "Columbus", "43210", "410 W 10th Ave"),
    ("GA", "Atlanta", "30322", "1364 Clifton Rd NE"),
    ("NC", "Durham", "27710", "2301 Erwin Rd"),
    ("WA", "Seattle", "98195", "1959 NE Pacific St"),
    ("CO", "Denver", "80204", "777 Bannock St"),
    ("AZ", "Phoenix", "85006", "1111 E McDowell Rd"),
    ("MA", "Boston", "02114", "55 Fruit St"),
    ("MI", "Ann Arbor", "48109", "1500 E Medical Center Dr"),
    ("MN", "Rochester", "55905", "200 First St SW"),
    ("TN", "Nashville", "37232", "1211 Medical Center Dr"),
    ("OR", "Portland", "97239", "3181 SW Sam Jackson Park Rd"),
    ("MO", "St. Louis", "63110", "1 Barnes-Jewish Hospital Plaza"),
    ("WI", "Madison", "53792", "600 Highland Ave"),
    ("MD", "Baltimore", "21287", "1800 Orleans St"),
    ("VA", "Richmond", "23298", "1250 E Marshall St"),
    ("IN", "Indianapolis", "46202", "1701 N Senate Blvd"),
    ("NJ", "Newark", "07103", "150 Bergen St"),
    ("KY", "Louisville", "40202", "530 S Jackson St"),
    ("LA", "New Orleans", "70112", "1532 Tulane Ave"),
    ("SC", "Charleston", "29425", "171 Ashley Ave"),
    ("AL", "Birmingham", "35233", "1802 6th Ave S"),
    ("OK", "Oklahoma City", "73104", "700 NE 13th St"),
    ("UT", "Salt Lake City", "84132", "50 N Medical Dr"),
    ("NV", "Las Vegas", "89102", "1800 W Charleston Blvd"),
    ("NM", "Albuquerque", "87106", "2211 Lomas Blvd NE"),
    ("NE", "Omaha", "68198", "4350 Dewey Ave"),
    ("KS", "Kansas City", "66160", "4000 Cambridge St"),
    ("IA", "Iowa City", "52242", "200 Hawkins Dr"),
    ("AR", "Little Rock", "72205", "4301 W Markham St"),
    ("MS", "Jackson", "39216", "2500 N State St"),
    ("CT", "New Haven", "06510", "20 York St"),
    ("ID", "Boise", "83712", "190 E Bannock St"),
    ("WV", "Morgantown", "26506", "1 Medical Center Dr"),
    ("HI", "Honolulu", "96813", "1301 Punchbowl St"),
    ("NH", "Lebanon", "03756", "1 Medical Center Dr"),
    ("ME", "Portland", "04102", "22 Bramhall St"),
    ("RI", "Providence", "02903", "593 Eddy St"),
    ("MT", "Billings", "59101", "2800 10th Ave N"),
    ("DE", "Newark", "19713", "4755 Ogletown-Stanton Rd"),
    ("SD", "Sioux Falls", "57105", "1305 W 18th St"),
    ("ND", "Fargo", "58122", "801 Broadway N"),
    ("AK", "Anchorage", "99508", "3200 Providence Dr"),
    ("VT", "Burlington", "05401", "111 Colchester Ave"),
    ("WY", "Cheyenne", "82001", "214 E 23rd St"),
]

FACILITY_BY_SETTING = {
    "hospital": "{city} General Hospital",
    "inpatient-rehab": "{city} Rehabilitation Institute",
    "outpatient-clinic": "Riverbend Therapy Clinic — {city}",
    "skilled-nursing": "Maple Grove Skilled Nursing — {city}",
    "school-pediatrics": "{city} Unified School District",
    "home-health": "Riverbend Home Health — {city}",
    "community-behavioral-health": "{city} Community Wellness Center",
}

FOCUS = ["Neuro Rehab", "Hand Therapy", "Pediatrics", "Geriatrics", "Orthopedics", "Acute Care", "Stroke Program"]
# What people type into a job alert's keywords.
ALERT_KEYWORDS = ["hand therapy", "pediatrics", "neuro", "stroke", "geriatrics", "acute care", "orthopedics", "school"]
SCHEDULES = [
    "Mon–Fri, 8:00–4:30",
    "Four 10-hour days, rotating weekends",
    "Mon–Fri days, one weekend a month",
    "School calendar, 7:30–3:30",
    "Flexible home visits, weekdays",
    "PRN: weekend and holiday coverage",
]
# Yearly salary bands by level rank (USD); hourly pay is derived for per diem and travel.
SALARY_BANDS = {1: (72000, 84000), 2: (82000, 96000), 3: (92000, 108000), 4: (100000, 118000), 5: (115000, 140000)}

FIRST_NAMES = [
    "Alex",
    "Jordan",
    "Priya",
    "Marcus",
    "Elena",
    "Sam",
    "Grace",
    "Diego",
    "Hannah",
    "Kwame",
    "Mei",
    "Noah",
    "Fatima",
    "Liam",
    "Sofia",
    "Ethan",
    "Aisha",
    "Lucas",
    "Chloe",
    "Mateo",
    "Zoe",
    "Omar",
    "Lily",
    "Isaac",
]
LAST_NAMES = [
    "Nguyen",
    "Patel",
    "Garcia",
    "Johnson",
    "Kim",
    "Okafor",
    "Rossi",
    "Schmidt",
    "Haddad",
    "Brown",
    "Silva",
    "Cohen",
    "Walker",
    "Ramirez",
    "Chen",
    "Murphy",
    "Ali",
    "Novak",
    "Hughes",
    "Lopez",
    "Tanaka",
    "Osei",
]
NOTES = [
    "Strong fieldwork references from an inpatient rehab unit.",
    "Asked about weekend rotation; flexible.",
    "Hand therapy experience looks solid, confirm CHT timeline.",
    "Relocating from out of state; license transfer in progress.",
    "Great rapport on the phone screen.",
]


def money(value):
    return Decimal(value).quantize(Decimal("1"))


def with_article(words):
    """ "an Entry-Level OT", "a Senior OT", "an orthopedic caseload": by the first letter, which is right for these words."""
    return f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words}"


def posting_fields(rng, level, setting, location, index, now):
    low, high = SALARY_BANDS[level.rank]
    employment_type = rng.choices(list(JobPosting.EmploymentType), weights=[60, 12, 10, 6, 8, 4])[0]
    hourly = employment_type in (JobPosting.EmploymentType.PER_DIEM, JobPosting.EmploymentType.TRAVEL)
    salary_min = money(low / 2080 * (1.15 if hourly else 1)) if hourly else money(low + rng.randrange(0, 6000, 500))
    salary_max = money(high / 2080 * (1.25 if hourly else 1)) if hourly else money(high + rng.randrange(0, 8000, 500))
    focus = FOCUS[index % len(FOCUS)]
    title = f"{level.title} — {focus}"
    description = (
        f"{location.facility_name} is hiring {with_article(level.short_title)} for our {setting.name.lower()} team in "
        f"{location.city}. You will work with {with_article(focus.lower())} caseload alongside physical therapists, speech "
        f"therapists and nurses, with protected time for documentation and continuing education. "
        f"{setting.description}"
    )
    return {
        "level": level,
        "title": title,
        "slug": slugify(f"{title} {location.city}")[:160],
        "setting": setting,
        "location": location,
        "employment_type": employment_type,
        "schedule": SCHEDULES[index % len(SCHEDULES)],
        # One in fifteen fully remote (telehealth), one in nine hybrid: by the index, so the random draws stay as they were.
        "work_mode": (
            JobPosting.WorkMode.TELEHEALTH
            if index % 15 == 7
            else JobPosting.WorkMode.HYBRID
            if index % 9 == 4
            else JobPosting.WorkMode.ON_SITE
        ),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_unit": JobPosting.SalaryUnit.HOUR if hourly else JobPosting.SalaryUnit.YEAR,
        "show_salary": index % 7 != 3,
        "openings": 1 + (index % 5 == 0) + (index % 11 == 0),
        "start_date": (now + datetime.timedelta(days=21 + index % 40)).date(),
        # Travel contracts run 13 weeks, as most do: credentials must stay valid through the end.
        "assignment_weeks": 13 if employment_type == JobPosting.EmploymentType.TRAVEL else None,
        "description": description,
        "search_text": f"{title} {location.facility_name} {location.city} {description}",
    }


def candidate_profile(rng, user, index, today, specialties):
    state, city, _, _ = CITIES[index % 12]
    years = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12])
    profile = CandidateProfile(
        user=user,
        phone=f"555-01{index % 100:02d}",
        city=city,
        state=state,
        degree=rng.choice([CandidateProfile.Degree.MASTERS] * 3 + [CandidateProfile.Degree.DOCTORATE]),
        years_experience=years,
        years_leadership=max(0, years - 5) if rng.random() < 0.5 else 0,
        nbcot_number=f"NB{1000000 + index}",
        nbcot_status=rng.choices(list(CandidateProfile.NbcotStatus), weights=[85, 10, 5])[0],
        nbcot_expires_on=today + datetime.timedelta(days=rng.randrange(-30, 900)),
        cpr_bls_expires_on=today + datetime.timedelta(days=rng.randrange(-60, 700)),
        resume=DEMO_RESUME_NAME,
        resume_name="resume.pdf",
        resume_uploaded_at=timezone.now(),
    )
    # Some leave a credential out, so reviewers see "not given" beside "expired" (by the index: the draws stay).
    if index % 17 == 5:
        profile.nbcot_number, profile.nbcot_status, profile.nbcot_expires_on = "", "", None
    if index % 13 == 8:
        profile.cpr_bls_expires_on = None
    return profile


STAGE_PATHS = {
    Application.Stage.SUBMITTED: [],
    Application.Stage.SCREENING: ["screening"],
    Application.Stage.INTERVIEW: ["screening", "interview"],
    Application.Stage.OFFER: ["screening", "interview", "offer"],
    Application.Stage.HIRED: ["screening", "interview", "offer", "hired"],
    Application.Stage.REJECTED: ["screening", "rejected"],
    Application.Stage.WITHDRAWN: ["withdrawn"],
}
STAGE_WEIGHTS = [45, 20, 12, 5, 3, 12, 3]
