"""Local rewards (地方奖励): a cited table of reward amounts per region × honour, with lookup.

Data: ``corpus/rewards.csv`` (one row per region × honour, each citing the line range
its amount is written at). Region and honour vocabularies live in ``regions.yaml`` and
``honours.yaml``; answer wording in ``phrases.yaml``.
"""

from assistant.rewards.formatting import format_rewards_markdown
from assistant.rewards.lookup import lookup_rewards
from assistant.rewards.models import RewardLookup, RewardQuery, RewardRow, RewardSource
from assistant.rewards.question import (
    looks_like_reward_question,
    parse_reward_question,
    resolve_followup,
)
from assistant.rewards.table import RewardTableError, load_reward_table
from assistant.rewards.tool import make_lookup_rewards_tool

__all__ = [
    "RewardLookup",
    "RewardQuery",
    "RewardRow",
    "RewardSource",
    "RewardTableError",
    "format_rewards_markdown",
    "load_reward_table",
    "lookup_rewards",
    "looks_like_reward_question",
    "make_lookup_rewards_tool",
    "parse_reward_question",
    "resolve_followup",
]
