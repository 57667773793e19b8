"""设置: which model drafts (local, an OpenAI-compatible endpoint, or none), and the fonts of the Word file."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.export import Layout
from ui import model, preferences, state


def _save_llm() -> None:
    chosen: dict[str, Any] = {
        "backend": st.session_state["set_backend"],
        "base_url": str(st.session_state.get("set_base_url") or "").strip() or None,
        "model": str(st.session_state.get("set_model") or "").strip() or None,
    }
    st.session_state["llm_overrides"] = {k: v for k, v in chosen.items() if v}
    preferences.save(preferences.LLM_KEY, chosen)


def _save_key() -> None:
    st.session_state["llm_api_key"] = str(st.session_state.get("set_api_key") or "").strip() or None


def _save_fonts() -> None:
    values = {name: str(st.session_state.get(f"set_{name}") or "").strip() for name in _font_fields()}
    preferences.save(preferences.LAYOUT_KEY, {k: v for k, v in values.items() if v})
    state.flash("字体设置已保存", "success")


def _font_fields() -> list[str]:
    return [name for name in Layout.model_fields if name.startswith("font_")]


state.sidebar()
state.show_flash()
preferences.init_session()
st.title("设置")

st.subheader("起草方式")
current = model.llm_settings()
backends = list(model.BACKEND_LABELS)
st.radio(
    "用什么起草和修改",
    backends,
    index=backends.index(current.backend),
    format_func=model.BACKEND_LABELS.__getitem__,
    key="set_backend",
    on_change=_save_llm,
    horizontal=True,
)
if current.backend == "local":
    st.caption("使用随程序安装的 Qwen2.5-Coder-1.5B 模型，在本机运行，不联网。")
    warm = model.warm_up()
    if warm.state == "ready":
        st.success("本地模型已加载，可以起草。")
    elif warm.state == "loading":
        st.info("本地模型正在后台加载（约数秒至一分钟），加载完成前的起草请求会稍候。")
    elif warm.state == "failed":
        st.error(f"本地模型不可用：{warm.error}")
elif current.backend == "template":
    st.caption("不使用模型：“起草”按事实逐项写成规范的初稿；扩写、润色等改写功能不可用。")
if current.backend == "openai":
    st.text_input(
        "接口地址（base URL）",
        value=current.base_url or "",
        key="set_base_url",
        on_change=_save_llm,
        placeholder="如 http://127.0.0.1:8000/v1",
    )
    st.text_input("模型名称", value=current.model, key="set_model", on_change=_save_llm)
    st.text_input(
        "API 密钥",
        type="password",
        key="set_api_key",
        on_change=_save_key,
        help="只保存在本次浏览器会话的内存中，不写入数据库、文件或日志；关闭页面后需重新填写。",
    )
    if st.session_state.get("llm_api_key"):
        st.caption("已填写密钥（仅本会话有效）。")

st.subheader("导出字体")
st.caption(
    "按 GB/T 9704 默认使用方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312；本机没有这些字体时可改为 宋体、仿宋、楷体。"
)
layout = preferences.layout()
with st.form("fonts"):
    columns = st.columns(2)
    for i, name in enumerate(_font_fields()):
        info = Layout.model_fields[name]
        columns[i % 2].text_input(info.description or name, value=getattr(layout, name), key=f"set_{name}")
    st.form_submit_button("保存字体设置", on_click=_save_fonts, key="save_fonts")

st.subheader("数据")
st.markdown(f"数据保存位置：`{state.store().path}`")
st.caption("所有报告、事实、各版本正文和对话都保存在这个文件中，请定期备份；如需换到别的位置，请联系管理员。")
