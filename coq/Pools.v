(** Pool automata (docs/model.md section 7, fact 4; the Fast Dice Roller with a size per pool):
    keep a value uniform below a pool u, call the pool's size m, output what fills whole copies
    of [0 .. n-1] among the [u m] values, keep the rest as the next pool. Each pool's size is in
    G, so the strategy is well formed; with every size at least 2 what is pending halves at
    least at every call, so it is exact ([pool_exact]); its expected calls are the sum of what
    is pending, pinned by numbers [w u] on the pools it visits ([pool_check]): an exact strategy
    with at most [e] expected calls ([pool_achieves]). 5 from {2, 3} (pools 1 -> 2 -> 1): 12/5. *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Strategies Expected Pending.
Require Optimod.Paths.
Import ListNotations.
Local Open Scope Q_scope.

Notation sumQ := Paths.sumQ.

Section Pools.
  Variables (n : N) (G : list N) (size : N -> N).
  Hypothesis Hn : (2 <= n)%N.
  Hypothesis Hsize : forall u, (2 <= size u)%N /\ In (size u) G.

  Inductive pool : Type := Done (j : N) | Pool (v u : N).

  (** A call's outcome r: the value [v] below [u] becomes [x = v m + r] below [u m]; of those,
      the first [n q] ([q = u m / n]) output [x mod n] (q values for each output), and the
      rest is the new pool, [x - n q] below [u m - n q]. *)
  Definition step (st : pool) (r : N) : pool :=
    match st with
    | Done j => Done j
    | Pool v u =>
        let m := size u in
        let x := (v * m + r)%N in
        let q := (u * m / n)%N in
        if (x <? n * q)%N then Done (x mod n) else Pool (x - n * q) (u * m - n * q)
    end.

  Definition state (h : list N) : pool := fold_left step h (Pool 0 1).

  Definition pool_strategy : strategy :=
    fun h => match state h with Done j => Emit j | Pool _ u => Roll (size u) end.

  Fixpoint wst (st : pool) (k : nat) (j : N) : Q :=
    match st with
    | Done i => if N.eqb i j then 1 else 0
    | Pool _ u => match k with O => 0 | S k' => average (size u) (fun r => wst (step st r) k' j) end
    end.

  Fixpoint bst (st : pool) (k : nat) : Q :=
    match st with
    | Done _ => 0
    | Pool _ u => match k with O => 1 | S k' => average (size u) (fun r => bst (step st r) k') end
    end.

  Lemma state_app h r : state (h ++ [r]) = step (state h) r.
  Proof. unfold state. now rewrite fold_left_app. Qed.

  Lemma pool_within_state h k j : within pool_strategy h k j = wst (state h) k j.
  Proof.
    revert h. induction k as [|k IH]; intro h; simpl; unfold pool_strategy at 1;
      destruct (state h) as [i|v u] eqn:E; try reflexivity.
    apply average_ext. intro r. rewrite IH, state_app, E. reflexivity.
  Qed.

  Lemma pool_beyond_state h k : beyond pool_strategy h k = bst (state h) k.
  Proof.
    revert h. induction k as [|k IH]; intro h; simpl; unfold pool_strategy at 1;
      destruct (state h) as [i|v u] eqn:E; try reflexivity.
    apply average_ext. intro r. rewrite IH, state_app, E. reflexivity.
  Qed.

  (** Over a pool's values, a call: [n q] values output (q for each j), the rest pending. *)
  Lemma pool_split (g : pool -> Q) u j :
    (j < n)%N ->
    sumQ (fun v => sumQ (fun r => g (step (Pool v u) r)) (outcomes (size u))) (outcomes u)
    == sumQ (fun x => if N.eqb (x mod n) j then g (Done j) else g (Done (x mod n))) (outcomes (n * (u * size u / n)))
       + sumQ (fun y => g (Pool y (u * size u mod n))) (outcomes (u * size u mod n)).
  Proof.
    intro Hj.
    set (Gx := fun x => if (x <? n * (u * size u / n))%N then g (Done (x mod n))
                       else g (Pool (x - n * (u * size u / n)) (u * size u - n * (u * size u / n)))).
    transitivity (sumQ (fun v => sumQ (fun r => Gx (v * size u + r)%N) (outcomes (size u))) (outcomes u)).
    { apply Paths.sumQ_ext. intros v _. apply Paths.sumQ_ext. intros r _. unfold Gx. cbn [step].
      destruct (v * size u + r <? n * (u * size u / n))%N; reflexivity. }
    rewrite sum_double.
    replace (outcomes (u * size u)) with (outcomes (n * (u * size u / n) + u * size u mod n)) by (f_equal; symmetry; apply N.div_mod; lia).
    rewrite sum_split. apply Qplus_comp.
    - apply Paths.sumQ_ext. intros x Hx. apply in_outcomes in Hx. unfold Gx.
      destruct (N.ltb_spec x (n * (u * size u / n))); [|lia].
      destruct (N.eqb_spec (x mod n) j) as [->|]; reflexivity.
    - apply Paths.sumQ_ext. intros y Hy. apply in_outcomes in Hy. unfold Gx.
      destruct (N.ltb_spec (n * (u * size u / n) + y) (n * (u * size u / n))); [lia|].
      pose proof (N.div_mod (u * size u) n ltac:(lia)).
      replace (n * (u * size u / n) + y - n * (u * size u / n))%N with y by lia.
      replace (u * size u - n * (u * size u / n))%N with (u * size u mod n)%N by lia.
      reflexivity.
  Qed.

  Definition wsum (u : N) (k : nat) (j : N) : Q := sumQ (fun v => wst (Pool v u) k j) (outcomes u).
  Definition bsum (u : N) (k : nat) : Q := sumQ (fun v => bst (Pool v u) k) (outcomes u).

  Lemma average_sum (m : N) (F : N -> N -> Q) u :
    sumQ (fun v => average m (F v)) (outcomes u) == sumQ (fun v => sumQ (F v) (outcomes m)) (outcomes u) / qN m.
  Proof. unfold Qdiv. rewrite sum_mult_r. apply Paths.sumQ_ext. intros. reflexivity. Qed.

  Lemma size_pos u : 0 < qN (size u).
  Proof. apply qN_pos. pose proof (proj1 (Hsize u)). lia. Qed.

  Lemma wsum_succ u k j : (j < n)%N ->
    wsum u (S k) j == (qN (u * size u / n) + wsum (u * size u mod n) k j) / qN (size u).
  Proof.
    intro Hj. unfold wsum at 1. cbn [wst].
    rewrite (average_sum (size u) (fun v r => wst (step (Pool v u) r) k j)).
    rewrite (pool_split (fun st => wst st k j) u j Hj).
    assert (Hd : forall i, wst (Done i) k j = if N.eqb i j then 1 else 0) by (intros; destruct k; reflexivity).
    rewrite (Paths.sumQ_ext _ (fun x => if N.eqb (x mod n) j then 1 else 0)).
    2: { intros x _. destruct (N.eqb_spec (x mod n) j) as [E|E]; rewrite Hd;
         [rewrite N.eqb_refl | apply N.eqb_neq in E; rewrite E]; reflexivity. }
    rewrite count_copies by exact Hj. reflexivity.
  Qed.

  Lemma bsum_succ u k : bsum u (S k) == bsum (u * size u mod n) k / qN (size u).
  Proof.
    unfold bsum at 1. cbn [bst]. rewrite (average_sum (size u) (fun v r => bst (step (Pool v u) r) k)).
    rewrite (pool_split (fun st => bst st k) u 0%N ltac:(lia)).
    rewrite sum_zero by (intros x _; destruct (N.eqb (x mod n) 0); destruct k; reflexivity).
    fold (bsum (u * size u mod n) k). unfold Qdiv. ring.
  Qed.

  Lemma bsum_zero u : bsum u 0 == qN u.
  Proof.
    unfold bsum. simpl. unfold Paths.sumQ. rewrite sum_const. unfold outcomes.
    rewrite map_length, seq_length, N_nat_Z. unfold qN. ring.
  Qed.

  Lemma wsum_zero u j : wsum u 0 j == 0.
  Proof. unfold wsum. apply sum_zero. reflexivity. Qed.

  (** What a pool of u values outputs of j within k calls, n times over, and what it leaves
      pending make up the u values. *)
  Lemma pool_balance u k j : (j < n)%N -> qN n * wsum u k j + bsum u k == qN u.
  Proof.
    intro Hj. revert u. induction k as [|k IH]; intro u.
    { rewrite wsum_zero, bsum_zero. ring. }
    rewrite wsum_succ, bsum_succ by exact Hj.
    pose proof (IH (u * size u mod n)%N) as E. pose proof (size_pos u).
    assert (Hum : qN (u * size u) == qN n * qN (u * size u / n) + qN (u * size u mod n)).
    { rewrite <- qN_mul, <- qN_add, <- N.div_mod by lia. reflexivity. }
    rewrite qN_mul in Hum.
    setoid_replace (qN n * ((qN (u * size u / n) + wsum (u * size u mod n) k j) / qN (size u))
                    + bsum (u * size u mod n) k / qN (size u))
      with ((qN n * qN (u * size u / n) + (qN n * wsum (u * size u mod n) k j + bsum (u * size u mod n) k))
            / qN (size u)) by (field; lra).
    rewrite E, <- Hum. field. lra.
  Qed.

  Lemma bst_range st k : 0 <= bst st k <= 1.
  Proof.
    revert st. induction k as [|k IH]; intros [i|v u]; simpl; try lra.
    split; [apply average_nonneg | apply average_le_const]; try lra; intros r _; apply IH.
  Qed.

  Lemma bsum_nonneg u k : 0 <= bsum u k.
  Proof. apply Paths.sumQ_nonneg. intros v _. apply bst_range. Qed.

  (** What is pending halves at least at every call. *)
  Lemma bsum_small u k : (u < n)%N -> bsum u k <= qN n / power 2 k.
  Proof.
    revert u. induction k as [|k IH]; intros u Hu.
    { rewrite bsum_zero. unfold power. simpl. apply Qle_shift_div_l; [reflexivity|]. unfold qN, Qle. simpl. lia. }
    rewrite bsum_succ. pose proof (size_pos u). pose proof (power_pos 2 k ltac:(lia)).
    assert (Hm : 2 <= qN (size u)) by (unfold qN, Qle; simpl; pose proof (proj1 (Hsize u)); lia).
    specialize (IH (u * size u mod n)%N ltac:(apply N.mod_lt; lia)).
    pose proof (bsum_nonneg (u * size u mod n) k).
    rewrite power_succ. apply Qle_shift_div_r; [exact H|].
    setoid_replace (qN n / (qN 2 * power 2 k) * qN (size u)) with ((qN n / power 2 k) * (qN (size u) / qN 2))
      by (unfold qN; field; lra).
    eapply Qle_trans; [exact IH|].
    assert (0 <= qN n / power 2 k) by (apply Qle_shift_div_l; [lra | unfold qN, Qle; simpl; lia]).
    assert (1 <= qN (size u) / qN 2) by (apply Qle_shift_div_l; [unfold qN, Qlt; simpl; lia | change (qN 2) with (2 # 1); lra]).
    assert (0 <= qN n / power 2 k * (qN (size u) / qN 2 - 1)) by (apply Qmult_le_0_compat; lra).
    lra.
  Qed.
  Lemma pool_within k j : (j < n)%N -> within pool_strategy [] k j == (1 - bsum 1 k) / qN n.
  Proof.
    intro Hj. rewrite pool_within_state. unfold state. simpl.
    transitivity (wsum 1 k j); [unfold wsum, outcomes, Paths.sumQ; simpl; ring|].
    pose proof (pool_balance 1 k j Hj) as E. change (qN 1) with 1 in E. pose proof (qN_pos n ltac:(lia)).
    setoid_replace (1 - bsum 1 k) with (qN n * wsum 1 k j) by lra. field. lra.
  Qed.

  Lemma pool_beyond k : beyond pool_strategy [] k == bsum 1 k.
  Proof.
    rewrite pool_beyond_state. unfold state. simpl. unfold bsum, outcomes, Paths.sumQ. simpl. ring.
  Qed.

  Definition output_ok (st : pool) : Prop := match st with Done j => (j < n)%N | Pool _ _ => True end.

  Lemma fold_ok h st : output_ok st -> output_ok (fold_left step h st).
  Proof.
    revert st. induction h as [|r h IH]; intros st Hst; simpl; [exact Hst|]. apply IH.
    destruct st as [j|v u]; simpl; [exact Hst|]. destruct (_ <? _)%N; simpl; [apply N.mod_lt; lia | exact I].
  Qed.

  Theorem pool_exact : ExactS n G pool_strategy.
  Proof.
    split.
    - intro h. unfold pool_strategy. pose proof (fold_ok h (Pool 0 1) I) as H. fold (state h) in H.
      destruct (state h) as [j|v u]; [exact H | apply Hsize].
    - intros j Hj. change (inject_Z (Z.of_N n)) with (qN n). pose proof (qN_pos n ltac:(lia)). split.
      + intro k. rewrite pool_within by exact Hj. pose proof (bsum_nonneg 1 k).
        apply Qmult_le_compat_r; [lra | apply Qinv_le_0_compat; lra].
      + intros eps Heps. destruct (pow_large 2 1 eps ltac:(lia) Heps) as [k Hk]. exists k.
        rewrite pool_within by exact Hj. fold (power 2 k) in Hk. pose proof (power_pos 2 k ltac:(lia)).
        pose proof (bsum_small 1 k ltac:(lia)) as Hb.
        assert (Hb' : bsum 1 k <= eps * qN n).
        { eapply Qle_trans; [exact Hb|]. apply Qle_shift_div_r; [lra|].
          setoid_replace (eps * qN n * power 2 k) with (qN n * (eps * power 2 k)) by ring.
          setoid_replace (qN n) with (qN n * 1) at 1 by ring. apply Qmult_le_l; [lra | exact Hk]. }
        setoid_replace ((1 - bsum 1 k) / qN n) with (1 / qN n - bsum 1 k / qN n) by (field; lra).
        assert (bsum 1 k / qN n <= eps) by (apply Qle_shift_div_r; lra). lra.
  Qed.

  (** * The expected calls *)

  (** The pool after a call that outputs nothing, and what is pending from a pool, summed. *)
  Definition next (u : N) : N := (u * size u mod n)%N.

  Fixpoint pend_sum (u : N) (K : nat) : Q := match K with O => 0 | S K' => pend_sum u K' + bsum u K' end.

  Lemma pend_sum_first u K : pend_sum u (S K) == qN u + pend_sum (next u) K / qN (size u).
  Proof.
    pose proof (size_pos u). induction K as [|K IH].
    - simpl. rewrite bsum_zero. unfold Qdiv. ring.
    - change (pend_sum u (S (S K))) with (pend_sum u (S K) + bsum u (S K)).
      rewrite IH, bsum_succ. simpl. fold (next u). field. lra.
  Qed.

  Lemma calls_pend K : calls_upto pool_strategy K == pend_sum 1 K.
  Proof. induction K as [|K IH]; simpl; [reflexivity|]. rewrite IH, pool_beyond. reflexivity. Qed.
End Pools.

(** * Tails listed by the exporter *)

Definition lookup (ws : list (N * Q)) (r : N) : option Q :=
  option_map snd (find (fun p => N.eqb (fst p) r) ws).

Lemma lookup_in ws r w : lookup ws r = Some w -> In (r, w) ws.
Proof.
  unfold lookup. destruct (find _ ws) as [[r' w']|] eqn:E; simpl; [|discriminate]. intro H. inversion H; subst.
  apply find_some in E as [Hin Heq]. apply N.eqb_eq in Heq. simpl in Heq. now subst.
Qed.

Fixpoint wtotal (ws : list (N * Q)) : Q := match ws with [] => 0 | p :: l => snd p + wtotal l end.

Lemma wtotal_ge ws r w : (forall p, In p ws -> 0 <= snd p) -> In (r, w) ws -> w <= wtotal ws.
Proof.
  induction ws as [|p ws IH]; intros Hnn Hin; [destruct Hin|]. simpl.
  assert (0 <= snd p) by (apply Hnn; now left).
  assert (0 <= wtotal ws).
  { clear IH Hin. induction ws as [|q ws IHq]; simpl; [apply Qle_refl|].
    assert (0 <= snd q) by (apply Hnn; right; now left).
    assert (0 <= wtotal ws) by (apply IHq; intros; apply Hnn; destruct H1; [now left | right; now right]).
    lra. }
  destruct Hin as [->|Hin]; simpl in *; [lra|].
  assert (w <= wtotal ws) by (apply IH; auto; intros; apply Hnn; now right). lra.
Qed.

(** * Certified by the pools' tails *)

(** A pool's size from a table, [d] for a pool not in it. *)
Definition size_of (table : list (N * N)) (d u : N) : N :=
  match find (fun p => N.eqb (fst p) u) table with Some p => snd p | None => d end.

Definition size_ok (G : list N) (m : N) : bool := (2 <=? m)%N && existsb (N.eqb m) G.

(** [ws] lists [(u, w u)] for the pools visited from 1 (closed under [u -> u m mod n]), each
    [w u >= 0] with [w u = u + w (u m mod n) / m] for the pool's size m, and [w 1 = e]. *)
Definition pool_check (n : N) (G : list N) (table : list (N * N)) (d : N) (e : Q) (ws : list (N * Q)) : bool :=
  (2 <=? n)%N && forallb (fun p => size_ok G (snd p)) table && size_ok G d
  && match lookup ws 1 with Some w => Qeq_bool w e | None => false end
  && forallb (fun p =>
       Qle_bool 0 (snd p)
       && match lookup ws (fst p * size_of table d (fst p) mod n) with
          | Some w' => Qeq_bool (snd p) (qN (fst p) + w' / qN (size_of table d (fst p)))
          | None => false
          end) ws.

Lemma size_of_ok G table d :
  forallb (fun p => size_ok G (snd p)) table = true -> size_ok G d = true ->
  forall u, (2 <= size_of table d u)%N /\ In (size_of table d u) G.
Proof.
  intros Ht Hd u. assert (Hm : size_ok G (size_of table d u) = true).
  { unfold size_of. destruct (find _ table) as [p|] eqn:E; [|exact Hd].
    apply find_some in E as [Hin _]. rewrite forallb_forall in Ht. exact (Ht p Hin). }
  unfold size_ok in Hm. apply andb_true_iff in Hm as [H2 Hin]. apply N.leb_le in H2.
  split; [exact H2|]. apply existsb_exists in Hin as (x & Hx & E). apply N.eqb_eq in E. now subst.
Qed.

Section Certified.
  Variables (n : N) (G : list N) (table : list (N * N)) (d : N) (e : Q) (ws : list (N * Q)).
  Hypothesis Hcheck : pool_check n G table d e ws = true.

  Let size := size_of table d.

  Lemma pool_parts :
    (2 <= n)%N /\ (forall u, (2 <= size u)%N /\ In (size u) G)
    /\ (exists w, lookup ws 1 = Some w /\ w == e)
    /\ forall u w, In (u, w) ws ->
         0 <= w /\ exists w', lookup ws (next n size u) = Some w' /\ w == qN u + w' / qN (size u).
  Proof.
    unfold pool_check in Hcheck. repeat rewrite andb_true_iff in Hcheck.
    destruct Hcheck as [[[[Hn Ht] Hd] H1] Hall]. apply N.leb_le in Hn.
    split; [exact Hn|]. split; [exact (size_of_ok G table d Ht Hd)|]. split.
    - destruct (lookup ws 1) as [w|]; [|discriminate]. exists w. split; [reflexivity | now apply Qeq_bool_eq].
    - intros u w Hin. rewrite forallb_forall in Hall. specialize (Hall _ Hin). simpl in Hall.
      apply andb_true_iff in Hall as [Hw Hl]. split; [now apply Qle_bool_imp_le|].
      unfold next. fold size in Hl |- *.
      destruct (lookup ws (u * size u mod n)) as [w'|]; [|discriminate]. exists w'.
      split; [reflexivity | now apply Qeq_bool_eq].
  Qed.

  (** From a listed pool u: what is pending over the first K calls, plus the tail's weight,
      is [w u]. *)
  Lemma pool_tail K : forall u w, In (u, w) ws ->
    exists w' M, 0 <= w' /\ 0 < M /\ pend_sum n size u K + w' / M == w.
  Proof.
    destruct pool_parts as (Hn & Hsize & _ & Hall).
    induction K as [|K IH]; intros u w Hin.
    - exists w, 1. split; [apply (Hall u w Hin)|]. split; [reflexivity|]. simpl. field.
    - destruct (Hall u w Hin) as (Hw & w1 & Hl & Ew).
      destruct (IH _ _ (lookup_in ws _ w1 Hl)) as (w2 & M & Hw2 & HM & E).
      pose proof (size_pos n G size Hn Hsize u).
      exists w2, (qN (size u) * M). split; [exact Hw2|]. split; [apply Qmult_lt_0_compat; lra|].
      rewrite (pend_sum_first n G size Hn Hsize), Ew, <- E. field. split; lra.
  Qed.

  Theorem pool_achieves : exists s, ExactS n G s /\ ExpectedAtMost s e.
  Proof.
    destruct pool_parts as (Hn & Hsize & (w1 & H1 & E1) & Hall).
    exists (pool_strategy n size). split; [exact (pool_exact n G size Hn Hsize)|].
    intro K. rewrite (calls_pend n size).
    destruct (pool_tail K 1 w1 (lookup_in ws _ _ H1)) as (w' & M & Hw & HM & E).
    assert (0 <= w' / M) by (apply Qle_shift_div_l; [exact HM | rewrite Qmult_0_l; exact Hw]).
    rewrite <- E1, <- E. lra.
  Qed.
End Certified.
