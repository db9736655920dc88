"""The verification section of the hiring workspace's applicant page: {% applicant_verification app %}.

An inclusion tag, so the applicant page (hiring) shows it with one line and one query (the references).
"""

from django import template

from ..models import Reference

register = template.Library()


@register.inclusion_tag("verification/_applicant_section.html")
def applicant_verification(application):
    return {"app": application, "references": Reference.objects.filter(candidate=application.candidate_id)}
