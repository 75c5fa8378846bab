(** Expected calls over all strategies ([Strategies.v]), first facts: probabilities stay in
    [0, 1]; a finite tree of [Model.v] is a strategy, exact when the tree is, whose expected
    calls are at most its depth ([tree_exact], [tree_calls]); and when every size is below n,
    no exact strategy stops within one call, so each makes at least 2 calls in expectation
    ([at_least_two]). Together: an exact tree of depth 2 is optimal over all strategies
    ([expected_two], docs/model.md section 7, facts 1 and 2). *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Model Strategies.
Require Optimod.Paths Optimod.Exact Optimod.Unary Optimod.Witness Optimod.Bridge.
Import ListNotations.
Local Open Scope Q_scope.

(** * Averages over a call's outcomes *)

Lemma in_outcomes m r : In r (outcomes m) <-> (r < m)%N.
Proof.
  unfold outcomes. rewrite in_map_iff. split.
  - intros (i & <- & Hi). apply in_seq in Hi. lia.
  - intro H. exists (N.to_nat r). rewrite N2Nat.id. split; [reflexivity|]. apply in_seq. lia.
Qed.

Lemma qpos (m : N) : 0 <= inject_Z (Z.of_N m).
Proof. unfold Qle. simpl. lia. Qed.

Lemma div_nonneg a b : 0 <= a -> 0 <= b -> 0 <= a / b.
Proof. intros Ha Hb. apply Qmult_le_0_compat; [exact Ha | now apply Qinv_le_0_compat]. Qed.

Lemma average_ext m f g : (forall r, f r = g r) -> average m f = average m g.
Proof.
  intro H. unfold average. f_equal. induction (outcomes m) as [|r l IH]; simpl; congruence.
Qed.

Lemma average_compat m f g : (forall r, In r (outcomes m) -> f r == g r) -> average m f == average m g.
Proof. intro H. unfold average. apply Qdiv_comp; [apply (Paths.sumQ_ext f g); auto | reflexivity]. Qed.

Lemma average_nonneg m f : (forall r, In r (outcomes m) -> 0 <= f r) -> 0 <= average m f.
Proof. intro H. apply div_nonneg; [apply (Paths.sumQ_nonneg f); auto | apply qpos]. Qed.

Lemma average_le m f g : (forall r, In r (outcomes m) -> f r <= g r) -> average m f <= average m g.
Proof.
  intro H. apply Qmult_le_compat_r; [apply (Paths.sumQ_le f g); auto|].
  apply Qinv_le_0_compat, qpos.
Qed.

Lemma sum_const (c : Q) (l : list N) :
  fold_right (fun _ q => c + q) 0 l == inject_Z (Z.of_nat (length l)) * c.
Proof.
  induction l as [|r l IH]; cbn [fold_right length]; [reflexivity|].
  rewrite IH, Nat2Z.inj_succ, <- Z.add_1_l, inject_Z_plus. ring.
Qed.

Lemma average_const m c : (0 < m)%N -> average m (fun _ => c) == c.
Proof.
  intro Hm. unfold average. rewrite sum_const. unfold outcomes. rewrite map_length, seq_length.
  rewrite N_nat_Z. field. intro E. apply (Exact.inject_Z_nonzero (Z.of_N m)); [lia | exact E].
Qed.

(** An average of values at most [c >= 0] is at most [c] (a call of size 0 averages to 0). *)
Lemma average_le_const m f c : 0 <= c -> (forall r, In r (outcomes m) -> f r <= c) -> average m f <= c.
Proof.
  intros Hc H. destruct (N.eq_dec m 0) as [->|Hm].
  - unfold average. simpl. exact Hc.
  - eapply Qle_trans; [apply (average_le m f (fun _ => c)); exact H|].
    rewrite average_const by lia. apply Qle_refl.
Qed.

(** One outcome's share: [f r / m] is at most the average when every value is non-negative. *)
Lemma average_term m f r :
  (forall x, In x (outcomes m) -> 0 <= f x) -> In r (outcomes m) -> f r / inject_Z (Z.of_N m) <= average m f.
Proof.
  intros H Hr. apply Qmult_le_compat_r; [apply (Paths.sumQ_term_le f); auto|].
  apply Qinv_le_0_compat, qpos.
Qed.

(** * Probabilities of a strategy *)

Lemma within_nonneg s h k j : 0 <= within s h k j.
Proof.
  revert h. induction k as [|k IH]; intro h; simpl; destruct (s h) as [i|m];
    try (destruct (N.eqb i j); discriminate || apply Qle_refl);
    try apply Qle_refl.
  apply average_nonneg. auto.
Qed.

Lemma beyond_range s h k : 0 <= beyond s h k <= 1.
Proof.
  revert h. induction k as [|k IH]; intro h; simpl; destruct (s h) as [i|m];
    try (split; discriminate).
  split; [apply average_nonneg | apply average_le_const]; try discriminate; intros; apply IH.
Qed.

(** What a strategy does after [h0] is a strategy of its own. *)
Lemma within_after s h0 h k j : within s (h0 ++ h) k j = within (fun h' => s (h0 ++ h')) h k j.
Proof.
  revert h. induction k as [|k IH]; intro h; simpl; destruct (s (h0 ++ h)); try reflexivity.
  apply average_ext. intro r. rewrite <- IH, app_assoc. reflexivity.
Qed.

Lemma beyond_after s h0 h k : beyond s (h0 ++ h) k = beyond (fun h' => s (h0 ++ h')) h k.
Proof.
  revert h. induction k as [|k IH]; intro h; simpl; destruct (s (h0 ++ h)); try reflexivity.
  apply average_ext. intro r. rewrite <- IH, app_assoc. reflexivity.
Qed.

Lemma calls_upto_nonneg s K : 0 <= calls_upto s K.
Proof.
  induction K as [|K IH]; simpl; [apply Qle_refl|]. pose proof (beyond_range s [] K). lra.
Qed.

(** * Finite trees are strategies *)

(** The tree's step after the outcomes [h]: each outcome picks its subtree. *)
Fixpoint follow (t : tree) (h : list N) {struct h} : action :=
  match t with
  | Out j => Emit j
  | Call m ts => match h with [] => Roll m | r :: h' => follow (nth (N.to_nat r) ts (Out 0)) h' end
  end.

Definition of_tree (t : tree) : strategy := follow t.

Lemma sum_nth_nat (F : tree -> Q) ts :
  Paths.sumQ (fun i => F (nth i ts (Out 0))) (seq 0 (length ts)) == Paths.sumQ F ts.
Proof.
  induction ts as [|u ts IH]; [reflexivity|]. simpl length. rewrite <- cons_seq, <- seq_shift.
  unfold Paths.sumQ at 1. cbn [fold_right]. fold (Paths.sumQ (fun i => F (nth i (u :: ts) (Out 0))) (map S (seq 0 (length ts)))).
  rewrite Paths.sumQ_map. cbn [nth]. rewrite IH. reflexivity.
Qed.

Lemma sum_nth (F : tree -> Q) ts :
  fold_right (fun r q => F (nth (N.to_nat r) ts (Out 0)) + q) 0 (outcomes (N.of_nat (length ts)))
  == fold_right (fun u s => F u + s) 0 ts.
Proof.
  unfold outcomes. rewrite Nat2N.id. change (fold_right (fun u s => F u + s) 0 ts) with (Paths.sumQ F ts).
  change (fold_right _ 0 (map N.of_nat _)) with
    (Paths.sumQ (fun r => F (nth (N.to_nat r) ts (Out 0))) (map N.of_nat (seq 0 (length ts)))).
  rewrite Paths.sumQ_map, <- sum_nth_nat. apply Paths.sumQ_ext. intros i _. rewrite Nat2N.id. reflexivity.
Qed.

Lemma prob_nonneg t j : 0 <= prob t j.
Proof.
  induction t as [k | m ts IH] using Bridge.mtree_ind; simpl.
  - destruct (N.eqb k j); discriminate.
  - apply div_nonneg; [|apply qpos]. rewrite Forall_forall in IH.
    apply (Paths.sumQ_nonneg (fun u => prob u j)). auto.
Qed.

Lemma wf_child n G u ts : fold_right (fun u P => well_formed n G u /\ P) True ts -> In u ts -> well_formed n G u.
Proof. induction ts as [|v ts IH]; simpl; [tauto|]. intros [Hv Hts] [<-|Hu]; auto. Qed.

Lemma depth_children u ts : In u ts -> (depth u <= fold_right (fun u d => Nat.max (depth u) d) 0 ts)%nat.
Proof. induction ts as [|v ts IH]; simpl; [tauto|]. intros [<-|Hu]; [lia|]. specialize (IH Hu). lia. Qed.

(** Within [k] calls the tree's strategy outputs [j] with probability at most [prob t j],
    exactly that once [k] reaches the depth. *)
Lemma tree_within n G t j k :
  well_formed n G t ->
  within (of_tree t) [] k j <= prob t j /\ ((depth t <= k)%nat -> within (of_tree t) [] k j == prob t j).
Proof.
  revert k. induction t as [i | m ts IH] using Bridge.mtree_ind; intros k Hwf.
  { destruct k; simpl; split; intros; apply Qle_refl || reflexivity. }
  destruct Hwf as (Hm & Hlen & Hts). rewrite Forall_forall in IH.
  destruct k as [|k].
  { split; [apply prob_nonneg | simpl; lia]. }
  assert (Hm' : m = N.of_nat (length ts)) by lia.
  assert (Hchild : forall r, within (of_tree (Call m ts)) ([] ++ [r]) k j
                            = within (of_tree (nth (N.to_nat r) ts (Out 0))) [] k j).
  { intro r. rewrite (within_after _ [r] []). reflexivity. }
  cbn [within of_tree follow]. fold (of_tree (Call m ts)). rewrite (average_ext m _ _ Hchild).
  unfold average. cbn [prob]. subst m.
  assert (Hin : forall r, In r (outcomes (N.of_nat (length ts))) -> In (nth (N.to_nat r) ts (Out 0)) ts).
  { intros r Hr. apply in_outcomes in Hr. apply nth_In. lia. }
  split; [|intro Hd].
  - apply Qmult_le_compat_r; [|apply Qinv_le_0_compat, qpos].
    rewrite <- (sum_nth (fun u => prob u j)).
    apply (Paths.sumQ_le (fun r => within (of_tree (nth (N.to_nat r) ts (Out 0))) [] k j)).
    intros r Hr. apply (IH _ (Hin r Hr)); [apply (wf_child n G _ ts Hts (Hin r Hr))].
  - apply Qdiv_comp; [|reflexivity]. rewrite <- (sum_nth (fun u => prob u j)).
    apply (Paths.sumQ_ext (fun r => within (of_tree (nth (N.to_nat r) ts (Out 0))) [] k j)).
    intros r Hr. apply (IH _ (Hin r Hr)); [apply (wf_child n G _ ts Hts (Hin r Hr))|].
    pose proof (depth_children _ ts (Hin r Hr)). simpl in Hd. lia.
Qed.

(** After the depth, the tree's strategy has stopped. *)
Lemma tree_beyond t k : (depth t <= k)%nat -> beyond (of_tree t) [] k == 0.
Proof.
  revert k. induction t as [i | m ts IH] using Bridge.mtree_ind; intros k Hd.
  { destruct k; reflexivity. }
  destruct k as [|k]; [simpl in Hd; lia|]. rewrite Forall_forall in IH.
  cbn [beyond of_tree follow]. fold (of_tree (Call m ts)).
  apply Qle_antisym; [|apply average_nonneg; intros; apply beyond_range].
  apply average_le_const; [apply Qle_refl|]. intros r Hr.
  rewrite (beyond_after _ [r] []). apply in_outcomes in Hr.
  change (beyond (of_tree (nth (N.to_nat r) ts (Out 0))) [] k <= 0).
  destruct (Nat.lt_ge_cases (N.to_nat r) (length ts)) as [Hlt|Hge].
  - pose proof (nth_In ts (Out 0) Hlt) as Hu. rewrite (IH _ Hu); [apply Qle_refl|].
    pose proof (depth_children _ ts Hu). simpl in Hd. lia.
  - rewrite nth_overflow by exact Hge. destruct k; apply Qle_refl.
Qed.

Lemma tree_wf n G t : (0 < n)%N -> well_formed n G t -> WellFormedS n G (of_tree t).
Proof.
  intros Hn Hwf h. revert h. induction t as [i | m ts IH] using Bridge.mtree_ind; intro h; [destruct h; exact Hwf|].
  destruct Hwf as (Hm & Hlen & Hts). rewrite Forall_forall in IH. destruct h as [|r h]; [exact Hm|].
  cbn [of_tree follow]. destruct (Nat.lt_ge_cases (N.to_nat r) (length ts)) as [Hlt|Hge].
  - pose proof (nth_In ts (Out 0) Hlt) as Hu. apply (IH _ Hu (wf_child n G _ ts Hts Hu)).
  - rewrite nth_overflow by exact Hge. destruct h; exact Hn.
Qed.

Theorem tree_exact n G t : (0 < n)%N -> Exact n G t -> ExactS n G (of_tree t).
Proof.
  intros Hn [Hwf Hp]. split; [now apply tree_wf|]. intros j Hj. split.
  - intro k. rewrite <- (Hp j Hj). apply (tree_within n G t j k Hwf).
  - intros eps Heps. exists (depth t). rewrite (proj2 (tree_within n G t j _ Hwf) (le_n _)), (Hp j Hj). lra.
Qed.

(** The sum of [Pr[more than k calls]] over k < K is at most [min K (depth t)]. *)
Theorem tree_calls t : ExpectedAtMost (of_tree t) (inject_Z (Z.of_nat (depth t))).
Proof.
  intro K. assert (H : calls_upto (of_tree t) K <= inject_Z (Z.of_nat (Nat.min K (depth t)))).
  { induction K as [|K IH]; cbn [calls_upto]; [apply Qle_refl|].
    destruct (Nat.lt_ge_cases K (depth t)) as [Hlt|Hge].
    - replace (Nat.min (S K) (depth t)) with (S (Nat.min K (depth t))) by lia.
      rewrite (Nat2Z.inj_succ (Nat.min K (depth t))), <- Z.add_1_r, inject_Z_plus.
      pose proof (beyond_range (of_tree t) [] K).
      apply Qplus_le_compat; [exact IH | apply H].
    - replace (Nat.min (S K) (depth t)) with (Nat.min K (depth t)) by lia.
      rewrite (tree_beyond t K Hge). rewrite Qplus_0_r. exact IH. }
  eapply Qle_trans; [exact H|]. unfold Qle. simpl. lia.
Qed.

(** * Two calls at least *)

Section TwoCalls.
  Variables (n : N) (G : list N).
  Hypothesis Hn : (2 <= n)%N.
  Hypothesis HG : forall m, In m G -> (0 < m < n)%N.

  Lemma one_over_lt (a : N) : (0 < a < n)%N -> 1 / inject_Z (Z.of_N a) <= 1 / inject_Z (Z.of_N n) -> False.
  Proof. intros Ha H. apply Exact.inv_le in H; lia. Qed.

  (** No exact strategy outputs before its first call, nor right after it. *)
  Lemma first_two s : ExactS n G s ->
    exists m, s [] = Roll m /\ In m G /\ forall r, In r (outcomes m) -> exists m', s [r] = Roll m'.
  Proof.
    intros [Hwf Hex]. pose proof (Hwf []) as H0. destruct (s []) as [i|m] eqn:E.
    - exfalso. destruct (Hex i H0) as [Hle _]. specialize (Hle O). simpl in Hle. rewrite E, N.eqb_refl in Hle.
      apply (one_over_lt 1); [lia|]. exact Hle.
    - exists m. split; [reflexivity|]. split; [exact H0|]. intros r Hr.
      pose proof (Hwf [r]) as H1. destruct (s [r]) as [i|m'] eqn:E1; [|now exists m'].
      exfalso. destruct (Hex i H1) as [Hle _]. specialize (Hle 1%nat).
      apply (one_over_lt m (HG m H0)). eapply Qle_trans; [|exact Hle].
      cbn [within]. rewrite E.
      eapply Qle_trans; [|apply (average_term m (fun r' => within s ([] ++ [r']) 0 i) r)];
        [| intros; apply within_nonneg | exact Hr].
      cbn [within app]. rewrite E1, N.eqb_refl. apply Qle_refl.
  Qed.

  Theorem at_least_two : ExpectedAtLeast n G 2.
  Proof.
    intros s Hs eps Heps. exists 2%nat. destruct (first_two s Hs) as (m & E & Hm & Hr).
    assert (H1 : beyond s [] 1 == 1).
    { cbn [beyond]. rewrite E. rewrite (average_compat m _ (fun _ => 1)).
      - apply average_const. apply HG in Hm. lia.
      - intros r Hin. destruct (Hr r Hin) as (m' & E'). cbn [beyond app]. rewrite E'. reflexivity. }
    cbn [calls_upto]. rewrite H1. cbn [beyond]. rewrite E. lra.
  Qed.
End TwoCalls.

(** An exact tree of depth at most 2, every size below n: 2 expected calls, optimal over every
    strategy (loops included). *)
Theorem expected_two n G t :
  (2 <= n)%N -> (forall m, In m G -> (0 < m < n)%N) -> Exact n G t -> (depth t <= 2)%nat ->
  OptimalExpected n G 2.
Proof.
  intros Hn HG Ht Hd. split; [|now apply at_least_two].
  exists (of_tree t). split; [apply tree_exact; [lia | exact Ht]|].
  intro K. eapply Qle_trans; [apply tree_calls|]. unfold Qle. simpl. lia.
Qed.

(** The sizes' premise as a computation over a listed [G]. *)
Definition sizes_below_b (n : N) (G : list N) : bool :=
  (2 <=? n)%N && forallb (fun m => (0 <? m)%N && (m <? n)%N) G.

Lemma sizes_below_b_ok n G :
  sizes_below_b n G = true -> (2 <= n)%N /\ forall m, In m G -> (0 < m < n)%N.
Proof.
  unfold sizes_below_b. intro H. apply andb_prop in H as [Hn H]. split; [now apply N.leb_le|].
  intros m Hm. rewrite forallb_forall in H. apply H, andb_prop in Hm as [H1 H2].
  apply N.ltb_lt in H1. apply N.ltb_lt in H2. lia.
Qed.

(** What an exported file runs: the witness (a tree of [Unary.v], as [Witness.exact_b] checks
    it) exact, of depth at most 2, and every size below n. *)
Definition two_calls_check (n : N) (G : list N) (u : Unary.tree) : bool :=
  Witness.exact_b (N.to_nat n) (map N.to_nat G) u && (Unary.depth u <=? 2)%nat && sizes_below_b n G.

Theorem two_calls_sound n G u : two_calls_check n G u = true -> OptimalExpected n G 2.
Proof.
  unfold two_calls_check. intro H. apply andb_prop in H as [H Hs]. apply andb_prop in H as [He Hd].
  apply sizes_below_b_ok in Hs as [Hn HG]. apply (expected_two n G (Bridge.of_unary u) Hn HG).
  - apply Bridge.exact_of_unary, Witness.exact_b_sound, He.
  - rewrite Bridge.depth_of_unary. now apply Nat.leb_le.
Qed.
