"""The optional AI customer's client: one chat-completions request per open-step turn.

Off unless TRAINER_LLM_URL is set (docs/content/scenarios.md). The endpoint speaks the
OpenAI-compatible protocol (Ollama, vLLM, a company gateway). Any failure -- refused, slow,
an error status, garbage -- is logged and answered with None, and the call goes on with the
authored line: the model never blocks a call.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from trainer.scenarios.customer import clean_reply, customer_messages
from trainer.scenarios.schema import Scenario
from trainer.scenarios.state import CallState

log = logging.getLogger(__name__)
MAX_RESPONSE_BYTES = 256 * 1024
MAX_TOKENS = 160  # a spoken line of a few sentences
TEMPERATURE = 0.7
Voice = Callable[[Scenario, CallState, str], "str | None"]


@dataclass(frozen=True)
class ChatEndpoint:
    url: str  # the full .../chat/completions URL
    model: str
    api_key: str = ""
    timeout: float = 8.0


def endpoint_from(config: Mapping) -> ChatEndpoint | None:
    """The configured endpoint, or None when the AI customer is off (no LLM_URL)."""
    url = (config.get("LLM_URL") or "").strip()
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        log.warning("TRAINER_LLM_URL must be an http(s) URL; the AI customer is off")
        return None
    url = url.rstrip("/")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    return ChatEndpoint(
        url=url,
        model=config.get("LLM_MODEL") or "default",
        api_key=config.get("LLM_API_KEY") or "",
        timeout=float(config.get("LLM_TIMEOUT") or 8.0),
    )


def chat(endpoint: ChatEndpoint, messages: list[dict[str, str]]) -> object:
    """The first choice's message content as the server sent it; None on any failure."""
    body = {
        "model": endpoint.model,
        "messages": messages,
        "max_tokens": MAX_TOKENS,
        "temperature": TEMPERATURE,
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(
        endpoint.url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
            raw = response.read(MAX_RESPONSE_BYTES + 1)
        if len(raw) > MAX_RESPONSE_BYTES:
            raise ValueError(f"answer longer than {MAX_RESPONSE_BYTES} bytes")
        return json.loads(raw)["choices"][0]["message"]["content"]
    except urllib.error.HTTPError as exc:
        exc.close()
        log.warning("AI customer: %s answered HTTP %s; authored line used", endpoint.url, exc.code)
    except (OSError, http.client.HTTPException, ValueError, LookupError, TypeError) as exc:
        log.warning("AI customer: %s failed (%r); authored line used", endpoint.url, exc)
    return None


@dataclass(frozen=True)
class TurnBudget:
    """How many model turns one player may take (TRAINER_LLM_RATE_LIMIT).

    Every turn is a paid request to the model, and a practice retry asks again, so a script
    posting open-step turns could otherwise run up the bill or starve everyone else's calls.
    The count lives in the rate limits' storage (Redis in production), shared by every worker.
    """

    limits: tuple[RateLimitItem, ...]
    counter: FixedWindowRateLimiter
    prefix: str = "trainer"  # RATELIMIT_KEY_PREFIX: apps sharing one Redis keep apart

    def spend(self, player: str) -> bool:
        """Take one turn from `player`'s budget; False, taking nothing, once a limit is reached."""
        key = (self.prefix, "ai-customer", player)
        try:
            if not all(self.counter.test(limit, *key) for limit in self.limits):
                log.info("AI customer: player %s has used their model turns; authored line", player)
                return False
            return all([self.counter.hit(limit, *key) for limit in self.limits])
        except Exception as exc:  # whatever the storage raises, the call goes on without the model
            log.warning("AI customer: the turn count is unavailable (%r); authored line used", exc)
            return False


def turn_budget(config: Mapping, kept: MutableMapping) -> TurnBudget | None:
    """The configured budget, kept in `kept` per storage and limit; None when unlimited (empty).

    Raises ValueError for a limit that does not read ("60 per hour; 300 per day" does).
    """
    text = (config.get("LLM_RATE_LIMIT") or "").strip()
    if not text:
        return None
    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    prefix = config.get("RATELIMIT_KEY_PREFIX") or "trainer"
    if (uri, prefix, text) not in kept:
        counter = FixedWindowRateLimiter(storage_from_string(uri))
        kept[uri, prefix, text] = TurnBudget(tuple(parse_many(text)), counter, prefix)
    return kept[uri, prefix, text]


def voice(config: Mapping, allowed: Callable[[], bool] = lambda: True) -> Voice | None:
    """The function that writes the customer's reply on an open step, or None when off.

    `allowed` is asked just before each request (a player's TurnBudget); when it says no, the
    step goes on with its authored line as it does when the model fails.
    """
    endpoint = endpoint_from(config)
    if endpoint is None:
        return None

    def speak(scenario: Scenario, state: CallState, text: str) -> str | None:
        if not allowed():
            return None
        raw = chat(endpoint, customer_messages(scenario, state, text))
        line = clean_reply(raw, scenario.persona.name) if raw is not None else None
        if raw is not None and line is None:
            log.warning("AI customer: unusable answer %.80r; authored line used", raw)
        return line

    return speak
