(** Levels (docs/model.md section 7, facts 1 and 2), over every strategy. With every size at
    most p, what a strategy has pending after k calls is 0 or at least [1/p^k], and so is an
    output's probability within k calls ([beyond_gap], [within_gap]). For an exact strategy:
    while [p^k < n] nothing is output within k calls, so all of it is pending
    ([nothing_early]); and if nothing is pending after k calls, the strategy cut at depth k is
    an exact finite tree of [Model.v] ([cut_exact]). So when no finite tree is exact (n prime
    with the primes below it), [Pr[more than k calls] >= 1/p^k] at every depth, and every exact
    strategy makes at least [r0 + (p/(p-1))/p^r0] calls in expectation ([levels_forever]). *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Model Strategies Expected Pending.
Require Optimod.Paths Optimod.Exact.
Import ListNotations.
Local Open Scope Q_scope.

Section Gaps.
  Variables (n p : N) (G : list N).
  Hypothesis Hp : (1 <= p)%N.
  Hypothesis HG : forall g, In g G -> (1 <= g <= p)%N.

  Lemma level_pos k : 0 < 1 / power p k.
  Proof. pose proof (power_pos p k Hp). apply Qlt_shift_div_l; lra. Qed.

  Lemma power_ge_one k : 1 <= power p k.
  Proof.
    unfold power, qN, Qle. simpl. rewrite Z.mul_1_r.
    assert (p ^ N.of_nat k <> 0)%N by (apply N.pow_nonzero; lia). lia.
  Qed.

  Lemma level_le_one k : 1 / power p k <= 1.
  Proof.
    pose proof (power_ge_one k). apply Qle_shift_div_r; [lra|]. lra.
  Qed.

  (** [1/p^(k+1) <= (1/p^k)/g] for a size [g <= p]. *)
  Lemma level_succ k g : (1 <= g <= p)%N -> 1 / power p (S k) <= (1 / power p k) / qN g.
  Proof.
    intro Hg. pose proof (power_pos p k Hp). pose proof (qN_pos g ltac:(lia)).
    assert (qN g <= qN p) by (apply qN_le; lia).
    rewrite power_succ. apply Qle_shift_div_r; [apply Qmult_lt_0_compat; lra|].
    setoid_replace (1 / power p k / qN g * (qN p * power p k)) with (qN p / qN g) by (field; lra).
    apply Qle_shift_div_l; lra.
  Qed.

  (** An average of values each 0 or at least c is 0 or at least [c/g]. *)
  Lemma gap_average g (f : N -> Q) c :
    (1 <= g)%N -> 0 <= c -> (forall r, In r (outcomes g) -> f r == 0 \/ c <= f r) ->
    average g f == 0 \/ c / qN g <= average g f.
  Proof.
    intros Hg Hc H. assert (Hnn : forall r, In r (outcomes g) -> 0 <= f r).
    { intros r Hr. destruct (H r Hr) as [E|E]; [rewrite E; apply Qle_refl | lra]. }
    destruct (existsb (fun r => negb (Qeq_bool (f r) 0)) (outcomes g)) eqn:E.
    - apply existsb_exists in E as (r & Hr & Hne). right. apply negb_true_iff, Qeq_bool_neq in Hne.
      destruct (H r Hr) as [E|E]; [contradiction|].
      eapply Qle_trans; [|apply (average_term g f r Hnn Hr)].
      apply Qmult_le_compat_r; [exact E | apply Qinv_le_0_compat, qpos].
    - left. unfold average. change (fold_right _ 0 (outcomes g)) with (sumQ f (outcomes g)).
      rewrite sum_zero; [unfold Qdiv; ring|]. intros r Hr.
      destruct (Qeq_bool (f r) 0) eqn:Ef; [now apply Qeq_bool_eq|].
      exfalso. assert (existsb (fun r => negb (Qeq_bool (f r) 0)) (outcomes g) = true) as T
        by (apply existsb_exists; exists r; rewrite Ef; auto).
      congruence.
  Qed.

  Lemma beyond_gap s h k : WellFormedS n G s -> beyond s h k == 0 \/ 1 / power p k <= beyond s h k.
  Proof.
    intro Hwf. revert h. induction k as [|k IH]; intro h; pose proof (Hwf h) as Hh; simpl;
      destruct (s h) as [i|g]; try (left; reflexivity).
    - right. apply level_le_one.
    - destruct (gap_average g (fun r => beyond s (h ++ [r]) k) (1 / power p k)) as [E|E].
      + apply HG, Hh.
      + apply Qlt_le_weak, level_pos.
      + intros r _. apply IH.
      + left. exact E.
      + right. eapply Qle_trans; [apply level_succ, HG, Hh | exact E].
  Qed.

  Lemma within_gap s h k j : WellFormedS n G s -> within s h k j == 0 \/ 1 / power p k <= within s h k j.
  Proof.
    intro Hwf. revert h. induction k as [|k IH]; intro h; pose proof (Hwf h) as Hh; simpl;
      destruct (s h) as [i|g]; try (left; reflexivity).
    1, 2: destruct (N.eqb i j); [right; apply level_le_one | left; reflexivity].
    destruct (gap_average g (fun r => within s (h ++ [r]) k j) (1 / power p k)) as [E|E].
    - apply HG, Hh.
    - apply Qlt_le_weak, level_pos.
    - intros r _. apply IH.
    - left. exact E.
    - right. eapply Qle_trans; [apply level_succ, HG, Hh | exact E].
  Qed.

  Lemma sizes_positive : forall g, In g G -> (0 < g)%N.
  Proof. intros g Hg. apply HG in Hg. lia. Qed.

  (** While [p^k < n], an exact strategy has output nothing within k calls. *)
  Lemma nothing_early s k : ExactS n G s -> (p ^ N.of_nat k < n)%N -> beyond s [] k == 1.
  Proof.
    intros [Hwf Hex] Hk. pose proof (outputs_and_beyond n G s [] k sizes_positive Hwf) as Hsum.
    assert (Hz : sumQ (fun j => within s [] k j) (outcomes n) == 0).
    { apply sum_zero. intros j Hj. apply in_outcomes in Hj.
      destruct (within_gap s [] k j Hwf) as [E|E]; [exact E|]. exfalso.
      pose proof (Qle_trans _ _ _ E (proj1 (Hex j Hj) k)) as Hle. unfold power, qN in Hle.
      assert (Hpk : (p ^ N.of_nat k <> 0)%N) by (apply N.pow_nonzero; lia).
      apply Exact.inv_le in Hle; lia. }
    rewrite Hz in Hsum. lra.
  Qed.
End Gaps.

(** * A strategy with nothing pending is a finite tree *)

(** The strategy followed for k calls from [h]; a run still calling after k calls ends in
    [Out 0] (there is none when nothing is pending). *)
Fixpoint cut (s : strategy) (h : list N) (k : nat) : tree :=
  match s h with
  | Emit j => Out j
  | Roll m => match k with O => Out 0 | S k' => Call m (map (fun r => cut s (h ++ [r]) k') (outcomes m)) end
  end.

Lemma cut_depth s h k : (depth (cut s h k) <= k)%nat.
Proof.
  revert h. induction k as [|k IH]; intro h; simpl; destruct (s h) as [j|m]; simpl; try lia.
  apply le_n_S. induction (outcomes m) as [|r l IHl]; simpl; [lia|]. specialize (IH (h ++ [r])). lia.
Qed.

Lemma cut_wf n G s h k : (0 < n)%N -> WellFormedS n G s -> well_formed n G (cut s h k).
Proof.
  intros Hn Hwf. revert h. induction k as [|k IH]; intro h; pose proof (Hwf h) as Hh; simpl;
    destruct (s h) as [j|m]; simpl; try exact Hh; try exact Hn.
  split; [exact Hh|]. split; [unfold outcomes; now rewrite !map_length, seq_length|].
  induction (outcomes m) as [|r l IHl]; simpl; [exact I|]. split; [apply IH | exact IHl].
Qed.

Lemma cut_prob s h k j : prob (cut s h k) j == within s h k j + (if N.eqb 0 j then beyond s h k else 0).
Proof.
  revert h. induction k as [|k IH]; intro h; cbn [cut within beyond]; destruct (s h) as [i|m]; cbn [prob];
    try (destruct (N.eqb i j); destruct (N.eqb 0 j); ring); try (destruct (N.eqb 0 j); ring).
  change (fold_right (fun u s => prob u j + s) 0 (map (fun r => cut s (h ++ [r]) k) (outcomes m)))
    with (sumQ (fun u => prob u j) (map (fun r => cut s (h ++ [r]) k) (outcomes m))).
  rewrite Paths.sumQ_map, (Paths.sumQ_ext _ _ _ (fun r _ => IH (h ++ [r]))), <- sum_pair.
  change (average m (fun r => within s (h ++ [r]) k j))
    with (sumQ (fun r => within s (h ++ [r]) k j) (outcomes m) / inject_Z (Z.of_N m)).
  change (average m (fun r => beyond s (h ++ [r]) k))
    with (sumQ (fun r => beyond s (h ++ [r]) k) (outcomes m) / inject_Z (Z.of_N m)).
  destruct (N.eqb 0 j).
  - unfold Qdiv. ring.
  - rewrite (sum_zero (fun _ => 0)) by reflexivity. unfold Qdiv. ring.
Qed.

(** An exact strategy with nothing pending after k calls, cut there, is an exact tree. *)
Lemma cut_exact n G s k :
  (1 <= n)%N -> (forall g, In g G -> (0 < g)%N) -> ExactS n G s -> beyond s [] k == 0 -> Exact n G (cut s [] k).
Proof.
  intros Hn HG [Hwf Hex] Hb. split; [apply cut_wf; [lia | exact Hwf]|]. intros j Hj.
  rewrite cut_prob. assert (Hw : within s [] k j == 1 / inject_Z (Z.of_N n)); [|destruct (N.eqb 0 j); rewrite Hw; [rewrite Hb|]; ring].
  pose proof (outputs_and_beyond n G s [] k HG Hwf) as Hsum. rewrite Hb in Hsum.
  set (gap := fun i => 1 / qN n - within s [] k i).
  assert (Hgap : sumQ gap (outcomes n) == 0).
  { unfold gap. rewrite <- (sum_pair (fun _ => 1 / qN n) (fun i => - within s [] k i)) by reflexivity.
    rewrite sum_const_length. assert (sumQ (fun i => - within s [] k i) (outcomes n) == - sumQ (fun i => within s [] k i) (outcomes n)).
    { clear. induction (outcomes n) as [|x l IH]; unfold Paths.sumQ in *; simpl; [reflexivity|]. rewrite IH. ring. }
    rewrite H. pose proof (qN_pos n ltac:(lia)). field_simplify; [|lra]. lra. }
  assert (Hnn : forall i, In i (outcomes n) -> 0 <= gap i).
  { intros i Hi. apply in_outcomes in Hi. unfold gap. pose proof (proj1 (Hex i Hi) k). unfold qN. lra. }
  assert (Hj' : In j (outcomes n)) by (apply in_outcomes; exact Hj).
  pose proof (Paths.sumQ_term_le gap _ _ Hnn Hj'). pose proof (Hnn j Hj'). unfold gap, qN in *. lra.
Qed.

(** * No exact finite tree: every level pending *)

Section Forever.
  Variables (n p : N) (G : list N) (r0 : nat).
  Hypothesis Hn : (1 <= n)%N.
  Hypothesis Hp : (2 <= p)%N.
  Hypothesis HG : forall g, In g G -> (1 <= g <= p)%N.
  Hypothesis Hr0 : forall k, (k < r0)%nat -> (p ^ N.of_nat k < n)%N.
  Hypothesis Himp : Impossible n G.

  (** What is pending after k calls, at least: all of it while [p^k < n], else [1/p^k]. *)
  Definition level (k : nat) : Q := if (k <? r0)%nat then 1 else 1 / power p k.

  Lemma beyond_level s k : ExactS n G s -> level k <= beyond s [] k.
  Proof.
    intro Hs. unfold level. destruct (Nat.ltb_spec k r0) as [Hk|Hk].
    - rewrite (nothing_early n p G ltac:(lia) HG s k Hs (Hr0 k Hk)). apply Qle_refl.
    - destruct (beyond_gap n p G ltac:(lia) HG s [] k (proj1 Hs)) as [E|E]; [|exact E].
      exfalso. apply (Himp (cut s [] k)). apply cut_exact; [exact Hn | | exact Hs | exact E].
      intros g Hg. apply HG in Hg. lia.
  Qed.

  Fixpoint level_sum (K : nat) : Q := match K with O => 0 | S K' => level_sum K' + level K' end.

  Lemma level_sum_le s K : ExactS n G s -> level_sum K <= calls_upto s K.
  Proof.
    intro Hs. induction K as [|K IH]; simpl; [apply Qle_refl|].
    apply Qplus_le_compat; [exact IH | apply beyond_level, Hs].
  Qed.

  Definition tail_weight : Q := qN p / (qN p - 1).

  (** [r0 + sum_{k >= r0} 1/p^k]. *)
  Definition levels_value : Q := inject_Z (Z.of_nat r0) + tail_weight / power p r0.

  Lemma level_sum_start K : (K <= r0)%nat -> level_sum K == inject_Z (Z.of_nat K).
  Proof.
    induction K as [|K IH]; intro HK; cbn [level_sum]; [reflexivity|]. rewrite IH by lia. unfold level.
    destruct (Nat.ltb_spec K r0); [|lia]. rewrite Nat2Z.inj_succ, <- Z.add_1_r, inject_Z_plus. reflexivity.
  Qed.

  Lemma level_tail K : level_sum (r0 + K) + tail_weight / power p (r0 + K) == levels_value.
  Proof.
    induction K as [|K IH].
    - rewrite Nat.add_0_r, level_sum_start by lia. reflexivity.
    - rewrite <- IH, Nat.add_succ_r. simpl. unfold level. destruct (Nat.ltb_spec (r0 + K) r0); [lia|].
      rewrite power_succ. pose proof (power_pos p (r0 + K) ltac:(lia)).
      assert (qN p - 1 > 0) by (unfold qN, Qlt; simpl; lia).
      unfold tail_weight. field. repeat split; lra.
  Qed.

  Theorem levels_forever : ExpectedAtLeast n G levels_value.
  Proof.
    intros s Hs eps Heps. destruct (pow_large p tail_weight eps Hp Heps) as [k Hk]. exists (r0 + k)%nat.
    rewrite <- (level_tail k). pose proof (level_sum_le s (r0 + k) Hs).
    assert (Hpow : power p k <= power p (r0 + k)).
    { apply qN_le. apply N.pow_le_mono_r; lia. }
    pose proof (power_pos p k ltac:(lia)).
    assert (tail_weight / power p (r0 + k) <= eps).
    { apply Qle_shift_div_r; [lra|]. fold (power p k) in Hk.
      eapply Qle_trans; [exact Hk|]. rewrite !(Qmult_comm eps). apply Qmult_le_compat_r; lra. }
    lra.
  Qed.
End Forever.

(** What an exported file runs, beside its proof of [Impossible n G]: every size in [1, p],
    [p^k < n] for k < r0, and b the value. *)
Definition levels_check (n p : N) (r0 : nat) (G : list N) (b : Q) : bool :=
  (1 <=? n)%N && (2 <=? p)%N && forallb (fun g => (1 <=? g)%N && (g <=? p)%N) G
  && forallb (fun k => (p ^ N.of_nat k <? n)%N) (seq 0 r0)
  && Qeq_bool b (inject_Z (Z.of_nat r0) + (qN p / (qN p - 1)) / power p r0).

Theorem levels_check_sound n p r0 G b :
  Impossible n G -> levels_check n p r0 G b = true -> ExpectedAtLeast n G b.
Proof.
  intros Himp H. unfold levels_check in H. repeat rewrite andb_true_iff in H.
  destruct H as [[[[Hn Hp] HG] Hr] Hb]. apply N.leb_le in Hn. apply N.leb_le in Hp. apply Qeq_bool_eq in Hb.
  assert (HG' : forall g, In g G -> (1 <= g <= p)%N).
  { intros g Hg. rewrite forallb_forall in HG. apply HG, andb_true_iff in Hg as [H1 H2].
    apply N.leb_le in H1. apply N.leb_le in H2. lia. }
  assert (Hr' : forall k, (k < r0)%nat -> (p ^ N.of_nat k < n)%N).
  { intros k Hk. rewrite forallb_forall in Hr. apply N.ltb_lt, Hr, in_seq. lia. }
  intros s Hs eps Heps. destruct (levels_forever n p G r0 Hn Hp HG' Hr' Himp s Hs eps Heps) as [K HK].
  exists K. unfold levels_value, tail_weight in HK. rewrite Hb. exact HK.
Qed.
