from django.contrib import admin

from .models import InterviewQuestion, Occupation, Requirement, Responsibility, RoleLevel


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    fk_name = "level"
    fields = ("position", "text")
    extra = 0


class RequirementInline(admin.TabularInline):
    model = Requirement
    fk_name = "level"
    fields = (
        "position",
        "kind",
        "importance",
        "text",
        "check_kind",
        "min_years",
        "min_leadership_years",
        "specialties",
    )
    extra = 0


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    fields = ("position", "focus", "question")
    extra = 0
    verbose_name = "interview kit item"
    verbose_name_plural = "interview kit (copied into each posting when it is published)"


class OccupationResponsibilityInline(ResponsibilityInline):
    fk_name = "occupation"
    verbose_name = "responsibility of every OT"
    verbose_name_plural = "responsibilities of every OT"


class OccupationRequirementInline(RequirementInline):
    fk_name = "occupation"
    verbose_name = "requirement of every OT"
    verbose_name_plural = "requirements of every OT"


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "national_average_salary")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OccupationResponsibilityInline, OccupationRequirementInline]


@admin.register(RoleLevel)
class RoleLevelAdmin(admin.ModelAdmin):
    list_display = ("title", "rank", "short_title", "experience_range", "min_years_leadership")
    list_display_links = ("title",)
    ordering = ("rank",)
    search_fields = ("title", "short_title", "overview", "responsibilities__text", "requirements__text")
    prepopulated_fields = {"slug": ("short_title",)}
    inlines = [ResponsibilityInline, RequirementInline, InterviewQuestionInline]
    fieldsets = (
        (None, {"fields": ("occupation", "title", "short_title", "slug", "rank")}),
        ("What candidates read", {"fields": ("overview", "ladder_focus")}),
        (
            "Experience expected",
            {
                "fields": ("min_years_experience", "max_years_experience", "min_years_leadership"),
                "description": "Used to flag applicants with less experience than the level asks for.",
            },
        ),
    )

    @admin.display(description="Experience")
    def experience_range(self, level):
        return level.experience_label


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("text", "level", "kind", "importance", "check_kind", "position")
    list_filter = ("kind", "importance", "check_kind", "level")
    list_select_related = ("level", "occupation")
    list_editable = ("importance", "position")
    search_fields = ("text",)
    ordering = ("level__rank", "kind", "position")


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ("text", "level", "position")
    list_filter = ("level",)
    list_select_related = ("level", "occupation")
    search_fields = ("text",)
    ordering = ("level__rank", "position")
