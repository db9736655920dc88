"""The catalog holds every item of the OT job descriptions, level by level.

The expectations are written out from the seed text, so an edit to
roles/catalog.json that drops or changes an item fails here.
"""

import pytest

from roles.models import Occupation, Requirement, RoleLevel

R, P = "required", "preferred"

EVERY_OT_RESPONSIBILITIES = [
    "Evaluate patients’ functional needs and limitations related to daily living activities",
    "Develop and implement individualized treatment plans and therapy goals",
    "Provide interventions to improve fine motor skills, strength, coordination, or cognition",
    "Recommend adaptive equipment and environmental modifications",
    "Document patient progress and adjust care plans based on outcomes",
    "Collaborate with interdisciplinary teams to coordinate comprehensive care",
    "Educate patients, families, and caregivers on exercises and home programs",
    "Conduct discharge planning, home assessments, or return-to-work evaluations",
]

EVERY_OT_REQUIREMENTS = [
    ("hard_skill", R, "Knowledge of therapeutic interventions, rehabilitation techniques, and adaptive strategies"),
    ("hard_skill", R, "Familiarity with assessments like FIM scores, sensory profiles, and functional mobility tests"),
    ("hard_skill", R, "Proficiency with electronic medical records (EMR) and therapy documentation systems"),
    ("soft_skill", R, "Strong interpersonal and motivational skills for working with diverse populations"),
    ("soft_skill", R, "Creative problem-solving and treatment planning abilities"),
    ("soft_skill", R, "Attention to detail in assessment and reporting"),
    ("soft_skill", R, "Patience, empathy, and adaptability"),
    ("education", R, "Master’s degree in Occupational Therapy required"),
    ("education", P, "Doctor of Occupational Therapy (OTD) is recommended for leadership and advanced roles"),
    ("certification", R, "National Board for Certification in Occupational Therapy (NBCOT) required"),
    ("certification", R, "State licensure required in all states"),
    ("certification", P, "CPR/BLS certification often required by employers"),
    (
        "qualification",
        P,
        "1–3 years of clinical experience in a relevant setting (e.g., inpatient rehab, pediatrics, SNF)",
    ),
    ("qualification", P, "Specialized training in neuro rehab, hand therapy, pediatrics, or geriatrics"),
    ("qualification", P, "Familiarity with outcome measurement tools (e.g., DASH, COPM, AM-PAC)"),
    ("qualification", P, "Experience with interdisciplinary care planning and patient/family education"),
]

LEVELS = {
    "entry-level-ot": {
        "title": "Entry-Level Occupational Therapist",
        "rank": 1,
        "years": (0, None, 0),
        "overview_starts": "We are seeking an Entry-Level OT to join",
        "responsibilities": [
            "Conduct initial assessments of patients’ physical, cognitive, and emotional abilities",
            "Assist in developing and implementing individualized therapy plans",
            "Guide patients through therapeutic exercises and adaptive activities",
            "Educate patients and families on techniques and equipment for home use",
            "Document treatment sessions and progress using EMR systems",
            "Participate in team meetings and interdisciplinary care discussions",
            "Maintain compliance with safety and documentation standards",
        ],
        "requirements": [
            ("hard_skill", R, "Basic knowledge of OT interventions and clinical documentation"),
            ("hard_skill", R, "Familiarity with assistive devices and adaptive strategies"),
            ("hard_skill", R, "Proficiency in EMR use and SOAP note formatting"),
            ("soft_skill", R, "Willingness to learn and accept guidance"),
            ("soft_skill", R, "Strong communication and active listening"),
            ("soft_skill", R, "Empathy, patience, and motivation to support recovery"),
            ("education", R, "Master’s degree in Occupational Therapy"),
            ("certification", R, "NBCOT certification and active state OT license required"),
            ("certification", P, "CPR certification may be required depending on setting"),
            ("qualification", P, "Clinical fieldwork or internship in a relevant care setting"),
            ("qualification", P, "Exposure to commonly used OT assessments or protocols"),
        ],
    },
    "mid-level-ot": {
        "title": "Mid-Level Occupational Therapist",
        "rank": 2,
        "years": (2, 4, 0),
        "overview_starts": "We are hiring a Mid-Level OT to provide ",
        "responsibilities": [
            "Perform in-depth functional evaluations and goal setting",
            "Design and implement personalized treatment plans",
            "Monitor progress and update care strategies based on patient response",
            "Recommend and train on adaptive equipment and environmental modifications",
            "Maintain accurate documentation and comply with therapy regulations",
            "Participate in interdisciplinary care planning and discharge meetings",
            "Provide guidance to entry-level therapists or assistants as needed",
        ],
        "requirements": [
            ("hard_skill", R, "Strong clinical reasoning and therapeutic planning"),
            ("hard_skill", R, "Proficient in functional and standardized assessments"),
            ("hard_skill", R, "Effective use of EMRs and outcome tracking tools"),
            ("soft_skill", R, "Ability to work independently with minimal supervision"),
            ("soft_skill", R, "Strong time management and organizational skills"),
            ("soft_skill", R, "Excellent rapport-building with patients and families"),
            ("education", R, "Master’s degree in Occupational Therapy"),
            ("certification", R, "NBCOT certification and state licensure required"),
            ("certification", P, "CPR certification as required by facility"),
            ("qualification", P, "2–4 years of occupational therapy experience"),
            ("qualification", P, "Exposure to specialty areas such as neuro, ortho, or geriatrics"),
        ],
    },
    "senior-ot": {
        "title": "Senior Occupational Therapist",
        "rank": 3,
        "years": (5, None, 0),
        "overview_starts": "We are seeking a Senior OT to lead compl",
        "responsibilities": [
            "Manage high-acuity cases and adjust care plans based on evolving needs",
            "Mentor new OTs and provide clinical supervision when appropriate",
            "Support development of departmental protocols and quality improvement initiatives",
            "Collaborate with physicians, nurses, and rehab professionals on interdisciplinary teams",
            "Provide education and consultation to patients, families, and caregivers",
            "Assist with onboarding and staff training sessions",
        ],
        "requirements": [
            ("hard_skill", R, "Advanced clinical judgment in complex patient scenarios"),
            ("hard_skill", R, "Skilled in specialty assessments and therapeutic techniques"),
            ("hard_skill", R, "Familiarity with insurance documentation and compliance requirements"),
            ("soft_skill", R, "Leadership in mentoring or clinical education"),
            ("soft_skill", R, "Clear communication across disciplines"),
            ("soft_skill", R, "Adaptability and initiative in dynamic environments"),
            ("education", R, "Master’s degree required; Doctorate in Occupational Therapy (OTD) recommended"),
            ("certification", R, "NBCOT certification and active state license required"),
            ("qualification", P, "5+ years of occupational therapy experience"),
            ("qualification", P, "Prior experience in mentorship, precepting, or specialty care"),
        ],
    },
    "lead-ot": {
        "title": "Lead Occupational Therapist",
        "rank": 4,
        "years": (6, None, 2),
        "overview_starts": "We are hiring a Lead OT to oversee clini",
        "responsibilities": [
            "Supervise and support occupational therapy staff across shifts or units",
            "Oversee scheduling, caseload distribution, and clinical documentation standards",
            "Provide advanced therapy services and manage complex patient populations",
            "Conduct case reviews, peer mentorship, and skills training",
            "Participate in audits, performance improvement, and policy updates",
            "Ensure compliance with therapy regulations and quality benchmarks",
        ],
        "requirements": [
            ("hard_skill", R, "Operational understanding of department scheduling and staff management"),
            ("hard_skill", R, "Advanced therapy and evaluation skills across a broad patient base"),
            ("hard_skill", R, "Familiarity with audit procedures and regulatory standards"),
            ("soft_skill", R, "Leadership and team-building capabilities"),
            ("soft_skill", R, "Effective delegation and conflict resolution"),
            ("soft_skill", R, "Strong interpersonal and written communication skills"),
            ("education", R, "Master’s degree required; OTD preferred"),
            ("certification", R, "Active NBCOT certification and state OT license required"),
            ("qualification", P, "6+ years of OT experience with 2+ years in a leadership or supervisory role"),
            ("qualification", P, "Experience in program development or workflow improvement"),
        ],
    },
    "rehabilitation-services-manager": {
        "title": "Rehabilitation Services Manager",
        "rank": 5,
        "years": (8, None, 3),
        "overview_starts": "We are seeking a Rehabilitation Services",
        "responsibilities": [
            "Manage staffing, scheduling, and productivity for OT, PT, and SLP teams",
            "Ensure quality patient care and adherence to regulatory requirements",
            "Collaborate with physicians, administrators, and case managers",
            "Oversee performance evaluations and clinical development programs",
            "Monitor departmental KPIs, budgets, and patient satisfaction metrics",
            "Lead initiatives to improve workflow, compliance, and service delivery",
        ],
        "requirements": [
            ("hard_skill", R, "Knowledge of rehabilitation best practices and interdisciplinary coordination"),
            ("hard_skill", R, "Proficiency with clinical documentation platforms and data reporting"),
            ("hard_skill", R, "Budgeting and staffing oversight experience"),
            ("soft_skill", R, "Strategic thinking and operational leadership"),
            ("soft_skill", R, "Team mentoring and development focus"),
            ("soft_skill", R, "Strong communication across clinical and administrative groups"),
            ("education", R, "Master’s or doctoral degree in Occupational Therapy or related field"),
            ("education", P, "Additional education in healthcare administration is recommended"),
            ("certification", R, "NBCOT certification and active OT license required"),
            ("certification", P, "Management training or credentials (e.g., CMPT, LSS) recommended"),
            ("qualification", P, "8+ years of clinical experience with 3+ years in rehab leadership"),
            ("qualification", P, "Experience managing multi-disciplinary rehab teams"),
        ],
    },
}


@pytest.fixture
def levels(catalog):
    return {level.slug: level for level in RoleLevel.objects.with_items()}


def _requirements(items):
    return [(item.kind, item.importance, item.text) for item in items]


def test_fresh_install_holds_the_five_levels_in_ladder_order(levels):
    assert [(level.slug, level.rank) for level in RoleLevel.objects.on_ladder()] == [
        (slug, expected["rank"]) for slug, expected in LEVELS.items()
    ]


@pytest.mark.parametrize("slug", LEVELS)
def test_each_level_holds_every_item_of_its_description(levels, slug):
    level, expected = levels[slug], LEVELS[slug]
    assert level.title == expected["title"]
    assert level.overview.startswith(expected["overview_starts"])
    assert [item.text for item in level.responsibilities.all()] == expected["responsibilities"]
    assert _requirements(level.requirements.all()) == expected["requirements"]


@pytest.mark.parametrize("slug", LEVELS)
def test_experience_is_stored_as_numbers(levels, slug):
    level = levels[slug]
    assert (level.min_years_experience, level.max_years_experience, level.min_years_leadership) == LEVELS[slug]["years"]


def test_what_applies_to_every_ot_is_held_once(catalog):
    occupation = Occupation.objects.get()
    assert [item.text for item in occupation.responsibilities.all()] == EVERY_OT_RESPONSIBILITIES
    assert _requirements(occupation.requirements.all()) == EVERY_OT_REQUIREMENTS
    assert occupation.national_average_salary == 92577


def test_assessments_named_in_the_text_are_in_the_catalog(catalog):
    text = " ".join(Requirement.objects.values_list("text", flat=True))
    for assessment in ("FIM", "COPM", "DASH", "AM-PAC"):
        assert assessment in text
