"""Model backends behind one LangChain interface: ``local`` (llama.cpp), ``openai`` (compatible API), ``template``.

Heavy dependencies (llama-cpp-python, langchain-openai) are imported only when their backend is used, so
the template backend and the tests run without them.
"""

from assistant.llm.errors import LLMError
from assistant.llm.factory import get_chat_model
from assistant.llm.settings import Backend, LLMSettings

__all__ = ["Backend", "LLMError", "LLMSettings", "get_chat_model"]
