"""设置 page: the backend choice persists; the API key stays in the session, never in the database."""

from __future__ import annotations

from pathlib import Path

from apptools import AppFactory, no_exceptions

from assistant.store import Project, Store

SECRET = "sk-test-0123456789abcdef"


def test_backend_choice_persists_and_the_key_never_reaches_disk(
    open_app: AppFactory, project: Project, store: Store, db_path: Path
) -> None:
    at = open_app("ui/settings_page.py")
    no_exceptions(at)
    at.radio(key="set_backend").set_value("openai").run()
    at.text_input(key="set_base_url").input("http://127.0.0.1:8000/v1").run()
    at.text_input(key="set_api_key").input(SECRET).run()
    no_exceptions(at)
    assert at.session_state["llm_api_key"] == SECRET
    assert '"backend": "openai"' in (store.setting("llm") or "")
    store.close()
    for path in db_path.parent.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name

    again = open_app("ui/settings_page.py")
    assert again.radio(key="set_backend").value == "openai"
    assert again.text_input(key="set_base_url").value == "http://127.0.0.1:8000/v1"
    assert again.text_input(key="set_api_key").value == ""


def test_fonts_are_saved_for_the_export(open_app: AppFactory, project: Project, store: Store) -> None:
    at = open_app("ui/settings_page.py")
    at.text_input(key="set_font_body").input("仿宋")
    at.form_submit_button(key="save_fonts").click().run()
    no_exceptions(at)
    assert '"font_body": "仿宋"' in (store.setting("layout") or "")
