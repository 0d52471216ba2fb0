"""No query parameter or path of the portal makes it fail: what cannot be used is a 400 page
naming the parameter, an unknown id a 404 (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.models import Subscription
from tests.factories import kind
from tests.fuzzing import request_fuzzing
from workflow import services

ODD_NUMBERS = ["²", "١٢", "-1", "0", "9223372036854775808", "1" * 30, "1e3", " 1", "\x00"]


@pytest.fixture
def published(world):
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, paper=world.submitted(name="Radweg"), by=world.clerk)
    world.invite(meeting)
    services.record_result(item, result=kind("ungeändert beschlossen"), by=world.clerk)
    return meeting


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize(
    "path, name",
    [
        ("/buergerinfo/", "gremium"),
        ("/buergerinfo/monat/2030/11/", "gremium"),
        ("/buergerinfo/suche/", "seite"),
        ("/buergerinfo/suche/", "gremium"),
        ("/buergerinfo/suche/", "art"),
        ("/buergerinfo/suche/", "beschlussart"),
    ],
)
def test_a_number_that_is_no_id_answers_400_naming_the_parameter(client, db, path, name, value):
    response = client.get(path, {name: value})
    assert response.status_code == 400
    assert f"„{name}“" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["q=%00", "q=Rad%00weg", "q=" + "x" * 201, "von=2024-01-01%00", "x%00=1"]
)
def test_nul_bytes_and_overlong_search_terms_answer_400(client, db, query):
    assert client.get(f"/buergerinfo/suche/?{query}").status_code == 400


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2024-13-01"])
def test_impossible_or_extreme_dates_in_the_search_are_shown_not_failed(client, published, value):
    response = client.get("/buergerinfo/suche/", {"von": value, "q": "Radweg"})
    assert response.status_code == 200 and value in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/buergerinfo/sitzung/{}/",
        "/buergerinfo/top/{}/",
        "/buergerinfo/vorlage/{}/",
        "/buergerinfo/gremium/{}/",
        "/buergerinfo/person/{}/",
        "/buergerinfo/gremium/{}/kalender.ics",
        "/dokumente/{}/",
        "/dokumente/1/fassung/{}/",
        "/dokumente/top/{}/auszug.pdf",
        "/oparl/v1/paper/{}",
        "/oparl/v1/body/{}/paper",
        "/arbeitsplatz/vorlagen/{}/",
    ],
)
@pytest.mark.parametrize("pk", ["1" * 30, "9223372036854775808", "99999999999999999"])
def test_long_path_ids_are_not_found(admin_client, path, pk):
    assert admin_client.get(path.format(pk)).status_code == 404


@pytest.mark.parametrize("token", ["abc%00def", "%00", "a" * 65, "ab%20cd", "%C2%B2"])
@pytest.mark.parametrize("step", ["bestaetigen", "abbestellen"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_subscription_links_of_odd_shape_are_invalid(client, db, token, step, method):
    response = getattr(client, method)(f"/buergerinfo/abo/{token}/{step}/")
    assert response.status_code == 404
    assert "nicht (mehr) gültig" in response.content.decode()


def test_subscription_links_still_work(client, world):
    client.post(
        "/buergerinfo/abonnieren/", {"email": "a@example.org", "gremium": world.committee.pk}
    )
    token = Subscription.objects.get().token
    assert client.get(f"/buergerinfo/abo/{token}/bestaetigen/").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"email": "a@example.org", "begriff": "Rad\x00weg"},
        {"email": "a\x00@example.org", "begriff": "Radweg"},
    ],
)
def test_subscription_with_a_nul_byte_answers_400(client, db, data):
    assert client.post("/buergerinfo/abonnieren/", data).status_code == 400
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("field", ["vorlage", "gremium"])
@pytest.mark.parametrize("value", ["²", "1" * 30, "abc"])
def test_subscription_form_with_an_odd_id_does_not_fail(client, db, field, value):
    response = client.post(
        "/buergerinfo/abonnieren/", {"email": "a@example.org", field: value, "begriff": "x"}
    )
    assert response.status_code < 500


# -- property: whatever the parameters, never a server error ---------------------------

printable = st.characters(exclude_categories=["Cs"])  # a URL cannot carry lone surrogates
values = st.one_of(
    st.text(printable, max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([*ODD_NUMBERS, "0001-01-01", "9999-12-31", "2024-02-30", "x" * 300]),
    st.dates().map(str),
)
PORTAL_PARAMETERS = ["gremium", "seite", "art", "beschlussart", "von", "bis", "q"]


@request_fuzzing
@given(
    path=st.sampled_from(["", "monat/{year}/{month}/", "suche/", "gremium/{org}/", "kalender.ics"]),
    year=st.integers(min_value=0, max_value=10**20),
    month=st.integers(min_value=0, max_value=99),
    query=st.dictionaries(st.sampled_from(PORTAL_PARAMETERS), values, max_size=4),
)
def test_no_portal_parameter_makes_a_server_error(client, published, path, year, month, query):
    organization = published.organization_id
    url = "/buergerinfo/" + path.format(year=year, month=month, org=organization)
    response = client.get(f"{url}?{urlencode(query)}")
    assert response.status_code < 500
