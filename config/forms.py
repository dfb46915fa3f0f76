from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form with our accessible field layout (label, hint, error)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
