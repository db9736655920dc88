"""The admin-edited texts of candidate emails: what they may contain, checked on save, and how they are rendered.

The help text promises a handful of variables; the full template language
(`{% load %}`, `{% include %}`, `{% debug %}`, attribute look-ups) is not
for texts that recruiters edit. A text may use the variables of its field, a
few filters and `{% if %}`/`{% elif %}`/`{% else %}`/`{% endif %}` on those
variables; anything else, or a text that does not compile, is refused with a
message when it is saved.
"""

import re

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType

SUBJECT_VARIABLES = ("candidate_name", "posting_title", "organization")
BODY_VARIABLES = (*SUBJECT_VARIABLES, "status_url")
TAGS = ("if", "elif", "else", "endif")
FILTERS = ("default", "capfirst", "lower", "upper", "title")
CONDITION_WORDS = {"not", "and", "or"}

# Only Django's built-in tags and filters, whatever libraries the site's templates load.
ENGINE = Engine(libraries={}, autoescape=False)
VARIABLE = re.compile(r'^\s*(?P<name>\w+)(?P<filters>(?:\s*\|\s*\w+(?::"[^"{}%]*")?)*)\s*$')
FILTER = re.compile(r"\|\s*(\w+)")


def _listed(names, wrap):
    shown = [wrap.format(name) for name in names]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}"


def check_text(text, variables):
    """Raise ValidationError unless `text` keeps to `variables`, the allowed tags and filters, and compiles."""
    problems = []
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.VAR:
            match = VARIABLE.match(token.contents)
            if match is None or match["name"] not in variables:
                problems.append(
                    f"“{{{{ {token.contents.strip()} }}}}” is not one of the variables here: use "
                    + _listed(variables, "{{{{ {} }}}}")
                    + "."
                )
                continue
            problems += [
                f"The filter “{name}” is not allowed; use {_listed(FILTERS, '“{}”')}."
                for name in FILTER.findall(match["filters"])
                if name not in FILTERS
            ]
        elif token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if not bits or bits[0] not in TAGS:
                tag = bits[0] if bits else ""
                problems.append(f"The tag “{{% {tag} %}}” is not allowed; use only {_listed(TAGS, '{{% {} %}}')}.")
                continue
            unknown = [bit for bit in bits[1:] if bit not in CONDITION_WORDS and bit not in variables]
            if unknown:
                problems.append(
                    f"“{{% {token.contents.strip()} %}}” may only test the variables " + _listed(variables, "{}") + "."
                )
    if problems:
        raise ValidationError(problems, code="not_allowed")
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            "This text cannot be used as it is: %(error)s. Check that each {%% if %%} has its {%% endif %%}.",
            code="syntax",
            params={"error": error},
        ) from None


def render(text, context):
    """The text with `context` filled in: plain text, nothing escaped, built-in tags and filters only."""
    return ENGINE.from_string(text).render(Context(context, autoescape=False))
