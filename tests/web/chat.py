"""The widget as a person uses it, for the browser tests (Playwright locators see into the
widget's open shadow root)."""

from typing import List, Tuple

from playwright.sync_api import Page, expect

WELCOME_QUESTION = "Wie ben jij?"
GUIDE_1 = "1/6. Wat betekent werk voor jou?"
GUIDE_2 = "2/6. Welk werk past bij jou?"
GUIDE_3 = "3/6. Wat doe je graag?"


class Chat:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.opener = page.get_by_role("button", name="Chat met de Wegwijzer")
        self.panel = page.get_by_role("dialog", name="Wegwijzer Werk & Herstel")
        self.input = page.get_by_label("Je bericht")
        self.send_button = page.get_by_role("button", name="Verstuur")
        self.log = page.locator("#wegwijzer-chat .log")

    def open(self) -> None:
        self.opener.click()
        expect(self.panel).to_be_visible()

    def messages(self) -> List[Tuple[str, str]]:
        rows = self.page.locator("#wegwijzer-chat .msg")
        result = []
        for i in range(rows.count()):
            row = rows.nth(i)
            sender = "bot" if "bot" in (row.get_attribute("class") or "") else "user"
            result.append((sender, row.locator(".text").inner_text()))
        return result

    def expect_bot(self, text: str, wait_ms: int = 5000) -> None:
        expect(self.page.locator("#wegwijzer-chat .msg.bot .text", has_text=text).last).to_be_visible(timeout=wait_ms)

    def expect_user(self, text: str) -> None:
        expect(self.page.locator("#wegwijzer-chat .msg.user .text", has_text=text).last).to_be_visible()

    def choose(self, title: str) -> None:
        self.page.get_by_role("button", name=title).click()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.send_button.click()

    def session_id(self) -> str:
        return self.page.evaluate("JSON.parse(localStorage.getItem('wegwijzer.session'))")

    def focused(self) -> str:
        """What has keyboard focus: 'opener', 'input', a button's text, or the element's tag."""
        return self.page.evaluate(
            """() => {
                const host = document.getElementById('wegwijzer-chat');
                if (document.activeElement !== host) return document.activeElement.tagName;
                const el = host.shadowRoot.activeElement;
                if (!el) return 'none';
                if (el.classList.contains('opener')) return 'opener';
                if (el.id === 'wwh-input') return 'input';
                return el.textContent.trim() || el.tagName;
            }"""
        )
