"""Input no page of the portal sends, sent anyway: refused, never a server error."""

import pytest
from django.urls import reverse

from disputes import services
from disputes.models import Meeting, Representative, Signposting
from tests.disputes import helpers


@pytest.mark.parametrize("remove", ["", "abc", "²", "1 OR 1=1"])
def test_removing_a_representative_by_something_that_is_not_an_id_is_not_found(
    client, convened_case, vcs_admin, remove
):
    client.force_login(vcs_admin)
    response = client.post(reverse("disputes:representatives", args=[convened_case.pk]), {"remove": remove})
    assert response.status_code == 404
    assert not Representative.objects.exists()


def test_an_undertaking_id_too_large_for_any_column_is_refused_with_a_message(client, stage_1_case, council_officer):
    helpers.decline(stage_1_case, council_officer)
    client.force_login(council_officer)
    response = client.post(
        reverse("disputes:refer", args=[stage_1_case.pk]),
        {
            "undertakings": ["99999999999999999999"],
            "nature_of_difference": "Notice.",
            "what_has_been_tried": "Stage 1.",
            "reason": "Stage 1 failed.",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_resource_named_twice_is_signposted_once(convened_case, vcs_admin):
    panel_user = convened_case.panel.members.first().user
    services.decide_compact_matter(
        case=convened_case, by=panel_user, concerns_compact_undertakings=True, reasons="Funding."
    )
    services.schedule_meeting(
        case=convened_case, by=panel_user, kind=Meeting.Kind.HEARING, scheduled_on=convened_case.referral_received_on
    )
    helpers.decline(convened_case, vcs_admin)
    services.signpost(
        case=convened_case, by=panel_user, resources=["advocacy", "advocacy"], notes="", reason="Unresolved."
    )
    assert list(Signposting.objects.values_list("resource", flat=True)) == ["advocacy"]
