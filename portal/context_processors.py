from django.conf import settings


def site(request):
    return {"organization": settings.HIRING_ORGANIZATION}
