"""Scenario sections of the people around a deal: our reps (internal marketing) and the customer's
buying centre. Both are off by default (the model then runs exactly as without them)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.scenario_values import Flag, Num, Whole


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class People(_Frozen):
    """Internal marketing (內部營銷): reps' skill and satisfaction, selection, training, turnover."""

    enabled: Flag = Field(False, description="reps differ in skill and satisfaction and may leave / 業務員能力與滿意度")
    hire_skill_mean: Num = Field(1.0, ge=0.1, le=3, description="selection: mean skill of a hire (1 = today's rep) / 甄選標準")
    hire_skill_sd: Num = Field(0.2, ge=0, le=2, description="selection: spread of hires' skill")
    skill_min: Num = Field(0.2, gt=0, le=3, description="lowest skill a rep can have")
    skill_max: Num = Field(2.0, gt=0, le=5, description="highest skill training can reach")
    new_rep_skill: Num = Field(0.6, ge=0, le=1, description="a replacement's skill at start, share of its potential / 新人起點")
    learning_per_week: Num = Field(0.02, ge=0, le=1, description="share of the gap to its potential a rep closes each week")
    training_cost_per_week: Num = Field(0.0, ge=0, le=1e6, description="training money per rep-week (0 = no training) / 培訓費用")
    training_skill_per_week: Num = Field(0.01, ge=0, le=1, description="potential skill a week of training adds")
    training_satisfaction_per_week: Num = Field(0.005, ge=0, le=1, description="satisfaction a week of training adds")
    satisfaction_mean: Num = Field(0.7, ge=0, le=1, description="mean satisfaction of a rep (0-1) / 員工滿意度")
    satisfaction_sd: Num = Field(0.15, ge=0, le=1)
    quota_pressure_per_week: Num = Field(
        0.02, ge=0, le=1, description="under quota pay: satisfaction lost per week behind quota (gained when ahead)")
    leave_per_year: Num = Field(0.6, ge=0, le=20, description="yearly chance of leaving of a wholly unhappy rep (times 1 - satisfaction)")
    rapport_kept_on_leave: Num = Field(0.4, ge=0, le=1, description="share of rapport an account keeps when its rep leaves")
    follow_share: Num = Field(0.1, ge=0, le=1, description="chance a customer follows its leaving rep to the competitor")

    @model_validator(mode="after")
    def _range(self) -> "People":
        if self.skill_min > self.skill_max:
            raise ValueError(f"skill_min ({self.skill_min}) cannot exceed skill_max ({self.skill_max})")
        return self


class BuyingCentre(_Frozen):
    """The customer's buying centre: the key decision maker (關鍵決策人) and the others around them."""

    others_min: Whole = Field(0, ge=0, le=8, description="fewest other members (influencers) of an account's buying centre")
    others_max: Whole = Field(0, ge=0, le=8, description="most other members (0 = the decision maker alone) / 其他影響者")
    others_start_share: Num = Field(0.5, ge=0, le=1, description="others' rapport at start, share of the decision maker's")
    others_gain: Num = Field(1.0, ge=0, le=5, description="rapport each other member gains per unit of a widened contact's gain")
    carry_on_change: Num = Field(
        0.8, ge=0, le=1, description="share of the others' mean rapport a new decision maker takes on / 擴大關係範圍的保護")
    need_drift_per_year: Num = Field(0.0, ge=0, le=10, description="yearly chance an account's need changes (0 = only at a new decision maker) / 需求變化")

    @model_validator(mode="after")
    def _range(self) -> "BuyingCentre":
        if self.others_min > self.others_max:
            raise ValueError(f"others_min ({self.others_min}) cannot exceed others_max ({self.others_max})")
        return self
