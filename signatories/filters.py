import django_filters
from django.db.models import Q

from .models import Organisation, OrganisationType, Sector


class DirectoryFilter(django_filters.FilterSet):
    """Search and filters of the public directory of signatories."""

    q = django_filters.CharFilter(label="Search by name or what they do", method="search")
    sector = django_filters.ChoiceFilter(label="Sector", choices=Sector.choices, empty_label="Any sector")
    type = django_filters.ChoiceFilter(label="Type", choices=OrganisationType.choices, empty_label="Any type")
    area = django_filters.CharFilter(label="Area or town", method="in_area")

    class Meta:
        model = Organisation
        fields = ["q", "sector", "type", "area"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def in_area(self, queryset, name, value):
        return queryset.filter(
            Q(area_of_benefit__icontains=value) | Q(town__icontains=value) | Q(postcode__istartswith=value)
        )
