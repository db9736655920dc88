from django import forms

from .models import JobAlert


class AlertForm(forms.Form):
    """Name, frequency and (without an account) the address of a new alert; the search comes from the board.

    `query` carries the board's search from the page to the POST, so what is
    saved is the search the person saw, validated again by the board's form.
    """

    name = forms.CharField(
        label="Name of the alert",
        max_length=100,
        help_text="The subject of each email quotes it, e.g. “Pediatric OT near Austin”.",
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=JobAlert.Frequency.choices,
        initial=JobAlert.Frequency.DAILY,
        widget=forms.RadioSelect,
        help_text="Only when there is something new: no email on days without new matching positions.",
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We email you a link to confirm it first; nothing else is sent before you click it.",
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # Signed in: the alert goes to the account's address.
            del self.fields["email"]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class AlertEditForm(forms.ModelForm):
    class Meta:
        model = JobAlert
        fields = ["name", "frequency"]
        labels = {"name": "Name of the alert", "frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
