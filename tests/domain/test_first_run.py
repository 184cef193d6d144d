from datetime import date, time

from desktop.domain.first_run import SetupAnswers
from desktop.domain.model import ChildDetails

IDS = ("portsmouth", "england-default")  # the caller passes the rule sets it has loaded


def test_empty_answers_name_every_problem():
    answers = SetupAnswers()
    assert set(answers.home_problems(IDS)) == {"home_name"}
    assert set(answers.account_problems()) == {"admin_name", "passphrase"}


def test_passphrases_must_match_and_be_long_enough():
    answers = SetupAnswers(admin_name="Ann", passphrase="elevenchars")
    assert "at least 12" in answers.account_problems()["passphrase"]
    answers = SetupAnswers(admin_name="Ann", passphrase="passwordpassword")
    assert "most common" in answers.account_problems()["passphrase"]
    answers = SetupAnswers(admin_name="Ann", passphrase="long enough one", passphrase_again="x")
    assert answers.account_problems() == {"passphrase_again": "The two passphrases are different."}


def test_overnight_window_must_have_length():
    answers = SetupAnswers(home_name="Oak", overnight_start=time(7), overnight_end=time(7))
    assert "overnight" in answers.home_problems(IDS)


def test_good_answers_make_the_home():
    answers = SetupAnswers(
        home_name=" Oak House ", protocol_id="portsmouth", overnight_start=time(21, 30)
    )
    assert answers.home_problems(IDS) == {}
    home = answers.home()
    assert (home.name, home.protocol_id, home.overnight_start) == (
        "Oak House",
        "portsmouth",
        time(21, 30),
    )


def test_the_protocol_must_be_one_the_caller_has():
    answers = SetupAnswers(home_name="Oak", protocol_id="atlantis")
    assert set(answers.home_problems(IDS)) == {"protocol_id"}


def test_a_childs_protocol_is_checked_against_the_ids_given():
    child = ChildDetails(
        first_name="A",
        last_name="B",
        date_of_birth=date(2011, 1, 1),
        responsible_protocol_id="atlantis",
    )
    today = date(2026, 3, 1)
    assert (
        "Choose one of: portsmouth"
        in child.validate(today=today, protocol_ids=IDS)["responsible_protocol_id"]
    )
    assert child.validate(today=today, protocol_ids=("atlantis",)) == {}
