from datetime import time

from desktop.domain.setup import SetupAnswers


def test_empty_answers_name_every_problem():
    answers = SetupAnswers()
    assert set(answers.home_problems()) == {"home_name"}
    assert set(answers.account_problems()) == {"admin_name", "passphrase"}


def test_passphrases_must_match_and_be_long_enough():
    answers = SetupAnswers(admin_name="Ann", passphrase="short")
    assert "at least 10" in answers.account_problems()["passphrase"]
    answers = SetupAnswers(admin_name="Ann", passphrase="long enough one", passphrase_again="x")
    assert answers.account_problems() == {"passphrase_again": "The two passphrases are different."}


def test_overnight_window_must_have_length():
    answers = SetupAnswers(home_name="Oak", overnight_start=time(7), overnight_end=time(7))
    assert "overnight" in answers.home_problems()


def test_good_answers_make_the_home():
    answers = SetupAnswers(
        home_name=" Oak House ", protocol_id="portsmouth", overnight_start=time(21, 30)
    )
    assert answers.home_problems() == {}
    home = answers.home()
    assert (home.name, home.protocol_id, home.overnight_start) == (
        "Oak House",
        "portsmouth",
        time(21, 30),
    )
