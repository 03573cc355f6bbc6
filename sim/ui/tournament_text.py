"""The tournament pages' labels, in English and Traditional Chinese."""

from __future__ import annotations

from sim.vocab import get_language

__all__ = ["TEXT", "ttext"]

TEXT = {
    "en": {
        "join_title": "Join the tournament", "session": "Session code", "team": "Team name", "join": "Join",
        "joined": "Team <b>{team}</b> in session <b>{code}</b>. To come back after a reload, open {link} "
                  "and paste your rejoin code — keep it secret, it is your team's password: <code>{token}</code>",
        "round_open": "Round {r} of {n} is open — decide month {r} and submit.",
        "round_closed": "Round {r} of {n} is closed — waiting for the facilitator to open the next round.",
        "finished": "The tournament is over after {n} rounds.", "submitted": "✓ submitted (revision {rev})",
        "not_submitted": "not submitted yet", "leaderboard": "Leaderboard after round {r}", "rank": "#",
        "score": "score", "profit": "profit", "retention": "retention", "tier_index": "tier index",
        "refresh": "Refresh", "create": "Open a session", "rounds": "Rounds (months)", "seed": "Seed",
        "scenario": "Scenario", "close": "Close round", "next": "Next round", "teams": "Teams",
        "facilitator": "Session {code} — {scenario}, {n} rounds", "join_at": "Teams join with the code <b>{code}</b>",
        "status": "status", "builtins": "show built-in strategies",
        "key_note": "Facilitator page: {link} — to reopen it, paste the facilitator key (keep it "
                    "private): <code>{secret}</code>",
        "debrief": "Export debrief", "debrief_done": "Debrief written to {path}",
        "built-in": "built-in", "team_col": "team",
        "rejoin_code": "Rejoin code", "rejoin": "Rejoin", "or_rejoin": "Or rejoin with your team's code:",
        "fac_key": "Facilitator key", "open": "Open",
        "secret_in_link": "This address carries a secret (a token or key), and addresses end up in server logs: "
                          "it was not used. Paste it into the box below instead.",
        "carried": "kept the decisions of the round before", "default_plan": "played the default plan",
        "no_decisions": "no decisions", "round_paused": "Round {r} of {n} is paused — submissions wait until it resumes.",
        "teams_open": "Teams open this address (or scan the code):", "no_team_url": "Teams open "
        "10_tournament_team.ipynb on this server and type the code (set $CRM_DOJO_TEAM_URL to show its address here).",
        "pause": "Pause", "resume": "Resume", "advance": "Close and open next", "timer": "Timer (min)",
        "start_timer": "Start timer", "plus_minutes": "+5 min", "plus_round": "+1 round",
        "message_box": "Message", "send": "Send to teams", "minutes_left": "about {m} min left in this round",
        "time_up": "time is up: the facilitator closes the round", "from_facilitator": "From the facilitator:",
        "closed_msg": "Round {r} closed.", "filled_msg": "Filled in: {filled}.",
        "over_msg": "That was the last round: the tournament is over. Export the debrief, or add a round.",
        "download": "Download", "sent": "Message sent to every team page.", "cleared": "Message cleared.",
        "extended": "Extended: {n} rounds, timer {t}.", "no_timer": "none",
        "opened_msg": "Round {r} is open.", "still_open": "Round {r} is still open: close it first.",
    },
    "zh": {
        "join_title": "加入比賽", "session": "場次代碼", "team": "隊名", "join": "加入",
        "joined": "隊伍 <b>{team}</b>，場次 <b>{code}</b>。重新整理頁面後要回來，請開啟 {link} 並貼上重新加入碼"
                  "（請保密，它就是你隊的密碼）：<code>{token}</code>",
        "round_open": "第 {r} 回合（共 {n} 回合）進行中——為第 {r} 月做決策並提交。",
        "round_closed": "第 {r} 回合（共 {n} 回合）已結束——等待主持人開啟下一回合。",
        "finished": "比賽已結束，共 {n} 回合。", "submitted": "✓ 已提交（第 {rev} 版）", "not_submitted": "尚未提交",
        "leaderboard": "第 {r} 回合後排行榜", "rank": "名次", "score": "得分", "profit": "利潤", "retention": "留存率",
        "tier_index": "關係指數", "refresh": "重新整理", "create": "開設場次", "rounds": "回合數（月）", "seed": "隨機種子",
        "scenario": "情境", "close": "結束本回合", "next": "下一回合", "teams": "隊伍",
        "facilitator": "場次 {code} — {scenario}，{n} 回合", "join_at": "各隊用代碼 <b>{code}</b> 加入",
        "status": "狀態", "builtins": "顯示內建策略",
        "key_note": "主持人頁面：{link}——重新開啟時請貼上主持人金鑰（請勿公開）：<code>{secret}</code>",
        "debrief": "匯出講評", "debrief_done": "講評已寫入 {path}", "built-in": "內建策略", "team_col": "隊伍",
        "rejoin_code": "重新加入碼", "rejoin": "重新加入", "or_rejoin": "或用隊伍的重新加入碼回來：",
        "fac_key": "主持人金鑰", "open": "開啟",
        "secret_in_link": "此網址帶有密碼（權杖或金鑰），而網址會被記錄在伺服器日誌中，因此未被使用。"
                          "請改為貼到下方的輸入框。",
        "carried": "沿用上一回合的決策", "default_plan": "採用預設方案", "no_decisions": "沒有決策",
        "round_paused": "第 {r} 回合（共 {n} 回合）已暫停——恢復後才能提交。",
        "teams_open": "各隊開啟這個網址（或掃描QR 碼）：", "no_team_url": "各隊在本伺服器開啟 "
        "10_tournament_team.ipynb 並輸入代碼（設定 $CRM_DOJO_TEAM_URL 即可在此顯示網址）。",
        "pause": "暫停", "resume": "恢復", "advance": "結束並開下一回合", "timer": "計時（分鐘）",
        "start_timer": "開始計時", "plus_minutes": "延長 5 分鐘", "plus_round": "加一回合",
        "message_box": "訊息", "send": "傳送給各隊", "minutes_left": "本回合約剩 {m} 分鐘",
        "time_up": "時間到：請等待主持人結束本回合", "from_facilitator": "主持人訊息：",
        "closed_msg": "第 {r} 回合已結束。", "filled_msg": "代為補上：{filled}。",
        "over_msg": "這是最後一回合：比賽已結束。請匯出講評，或再加一回合。",
        "download": "下載", "sent": "訊息已傳送到各隊頁面。", "cleared": "訊息已清除。",
        "extended": "已延長：共 {n} 回合，計時 {t}。", "no_timer": "無",
        "opened_msg": "第 {r} 回合已開始。", "still_open": "第 {r} 回合仍在進行：請先結束它。",
    },
}


def ttext(key: str, **kw) -> str:
    t = TEXT.get(get_language(), TEXT["en"]).get(key) or TEXT["en"][key]
    return t.format(**kw) if kw else t
