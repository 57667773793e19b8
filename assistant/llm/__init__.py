"""Model backends behind one LangChain interface: ``local``, ``openai`` (compatible API), ``template``.

``local`` is llama.cpp serving a GGUF file in a managed child process (``assistant.llm.server``).

llama-cpp-python is never imported by this package outside the child processes it starts, so
the template backend and the tests run without it.
"""

from assistant.llm.errors import LLMError
from assistant.llm.factory import get_chat_model
from assistant.llm.settings import Backend, LLMSettings

__all__ = ["Backend", "LLMError", "LLMSettings", "get_chat_model"]
