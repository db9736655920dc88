"""Who counts as a group's staff: the hiring managers who may be chosen for a posting, the recruiters told of it."""

from django.contrib.auth.models import Group

from accounts.models import HIRING_MANAGERS_GROUP, RECRUITERS_GROUP, User, hiring_manager_choices, staff_in
from tests.factories import HiringManagerFactory, RecruiterFactory, UserFactory


def test_a_groups_staff_are_its_active_staff_members_each_once(db):
    manager = HiringManagerFactory(full_name="Morgan Manager")
    both = HiringManagerFactory(full_name="Blair Both")
    both.groups.add(Group.objects.get(name=RECRUITERS_GROUP))
    HiringManagerFactory(full_name="Gone Manager", is_active=False)
    member_not_staff = UserFactory(full_name="Not Staff")
    member_not_staff.groups.add(Group.objects.get(name=HIRING_MANAGERS_GROUP))
    RecruiterFactory(full_name="Only Recruiter")

    managers = User.objects.filter(hiring_manager_choices()).order_by("full_name")

    assert list(managers) == [both, manager]
    assert list(User.objects.filter(staff_in(RECRUITERS_GROUP)).values_list("full_name", flat=True).order_by("pk")) == [
        "Blair Both",
        "Only Recruiter",
    ]


def test_the_choice_of_hiring_managers_does_not_join_every_account_to_its_groups(db):
    HiringManagerFactory()

    sql = str(User.objects.filter(hiring_manager_choices()).query)

    # The members come from the membership rows (a subquery by group), then accounts by id: no join to fan out.
    accounts, _, members = sql.partition(" IN (SELECT")
    assert members and "JOIN" not in accounts
