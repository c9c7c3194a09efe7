"""Existing compacts are given the portal's default holiday periods (Christmas, Easter and the
summer holidays) from last year to two years ahead, marked as the portal's default, so that
consultations keep being warned over the holidays they were warned over before."""

from django.db import migrations
from django.utils import timezone

from compact_portal import workdays


def seed(apps, schema_editor):
    Compact = apps.get_model("undertakings", "Compact")
    HolidayPeriod = apps.get_model("undertakings", "HolidayPeriod")
    this_year = timezone.localdate().year
    for compact in Compact.objects.all():
        have = set(HolidayPeriod.objects.filter(compact=compact).values_list("name", "starts_on__year"))
        HolidayPeriod.objects.bulk_create(
            HolidayPeriod(
                compact=compact, name=p.name, starts_on=p.starts_on, ends_on=p.ends_on, is_portal_default=True
            )
            for year in range(this_year - 1, this_year + 3)
            for p in workdays.default_holiday_periods(year)
            if (p.name, p.starts_on.year) not in have
        )


class Migration(migrations.Migration):
    dependencies = [("undertakings", "0005_holiday_periods_and_accessible_format_requests")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
