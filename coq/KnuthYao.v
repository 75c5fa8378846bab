(** One generator size m (docs/model.md section 7, fact 7): Knuth and Yao's optimum, over every
    strategy. With one size, an output's probability within k calls is a multiple of [1/m^k]
    and at most [1/n], so at most [floor(m^k/n)/m^k]; hence [Pr[more than k calls] >=
    (m^k mod n)/m^k] for every exact strategy ([Pending.beyond_floor] with L = m). The Fast Dice Roller (keep a
    uniform value below a pool, call, output what fills whole copies of [0 .. n-1], keep the
    rest) meets every one of these bounds with equality ([fdr_within], [fdr_beyond]). The
    value [e = sum_k (m^k mod n)/m^k] is certified by numbers [w r] on the orbit of 1 under
    [r -> r m mod n] with [w r = r + w (r m mod n) / m] ([ky_check]), which pin the tail after
    K terms to [w (m^K mod n) / m^K]: [ky_optimal] proves [OptimalExpected n [m] e]. *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Strategies Expected Pending.
Require Optimod.Paths.
Import ListNotations.
Local Open Scope Q_scope.

Notation sumQ := Paths.sumQ.

Lemma one_size m : (2 <= m)%N -> forall g, In g [m] -> (0 < g)%N /\ (g | m)%N.
Proof. intros Hm g [<-|[]]. split; [lia | exists 1%N; lia]. Qed.

Section OneSize.
  Variables (n m : N).
  Hypothesis Hn : (2 <= n)%N.
  Hypothesis Hm : (2 <= m)%N.

  Notation power := (power m).

  (** * The Fast Dice Roller meets every bound *)

  Inductive fdr : Type := Done (j : N) | Pool (v u : N).

  (** A call's outcome r: the value [v] below [u] becomes [x = v m + r] below [u m]; of those,
      the first [n q] ([q = u m / n]) output [x mod n] (q values for each output), and the
      rest is the new pool, [x - n q] below [u m - n q]. *)
  Definition step (st : fdr) (r : N) : fdr :=
    match st with
    | Done j => Done j
    | Pool v u =>
        let x := (v * m + r)%N in
        let q := (u * m / n)%N in
        if (x <? n * q)%N then Done (x mod n) else Pool (x - n * q) (u * m - n * q)
    end.

  Definition state (h : list N) : fdr := fold_left step h (Pool 0 1).

  Definition fdr_strategy : strategy :=
    fun h => match state h with Done j => Emit j | Pool _ _ => Roll m end.

  Fixpoint wst (st : fdr) (k : nat) (j : N) : Q :=
    match st with
    | Done i => if N.eqb i j then 1 else 0
    | Pool _ _ => match k with O => 0 | S k' => average m (fun r => wst (step st r) k' j) end
    end.

  Fixpoint bst (st : fdr) (k : nat) : Q :=
    match st with
    | Done _ => 0
    | Pool _ _ => match k with O => 1 | S k' => average m (fun r => bst (step st r) k') end
    end.

  Lemma state_app h r : state (h ++ [r]) = step (state h) r.
  Proof. unfold state. now rewrite fold_left_app. Qed.

  Lemma fdr_within_state h k j : within fdr_strategy h k j = wst (state h) k j.
  Proof.
    revert h. induction k as [|k IH]; intro h; simpl; unfold fdr_strategy at 1;
      destruct (state h) as [i|v u] eqn:E; try reflexivity.
    apply average_ext. intro r. rewrite IH, state_app, E. reflexivity.
  Qed.

  Lemma fdr_beyond_state h k : beyond fdr_strategy h k = bst (state h) k.
  Proof.
    revert h. induction k as [|k IH]; intro h; simpl; unfold fdr_strategy at 1;
      destruct (state h) as [i|v u] eqn:E; try reflexivity.
    apply average_ext. intro r. rewrite IH, state_app, E. reflexivity.
  Qed.

  (** Over a pool's values, a call: [n q] values output (q for each j), the rest pending. *)
  Lemma pool_split (g : fdr -> Q) u j :
    (j < n)%N ->
    sumQ (fun v => sumQ (fun r => g (step (Pool v u) r)) (outcomes m)) (outcomes u)
    == sumQ (fun x => if N.eqb (x mod n) j then g (Done j) else g (Done (x mod n))) (outcomes (n * (u * m / n)))
       + sumQ (fun y => g (Pool y (u * m mod n))) (outcomes (u * m mod n)).
  Proof.
    intro Hj.
    set (G := fun x => if (x <? n * (u * m / n))%N then g (Done (x mod n))
                       else g (Pool (x - n * (u * m / n)) (u * m - n * (u * m / n)))).
    transitivity (sumQ (fun v => sumQ (fun r => G (v * m + r)%N) (outcomes m)) (outcomes u)).
    { apply Paths.sumQ_ext. intros v _. apply Paths.sumQ_ext. intros r _. unfold G. cbn [step].
      destruct (v * m + r <? n * (u * m / n))%N; reflexivity. }
    rewrite sum_double.
    replace (outcomes (u * m)) with (outcomes (n * (u * m / n) + u * m mod n)) by (f_equal; symmetry; apply N.div_mod; lia).
    rewrite sum_split. apply Qplus_comp.
    - apply Paths.sumQ_ext. intros x Hx. apply in_outcomes in Hx. unfold G.
      destruct (N.ltb_spec x (n * (u * m / n))); [|lia].
      destruct (N.eqb_spec (x mod n) j) as [->|]; reflexivity.
    - apply Paths.sumQ_ext. intros y Hy. apply in_outcomes in Hy. unfold G.
      destruct (N.ltb_spec (n * (u * m / n) + y) (n * (u * m / n))); [lia|].
      pose proof (N.div_mod (u * m) n ltac:(lia)).
      replace (n * (u * m / n) + y - n * (u * m / n))%N with y by lia.
      replace (u * m - n * (u * m / n))%N with (u * m mod n)%N by lia.
      reflexivity.
  Qed.

  Definition wsum (u : N) (k : nat) (j : N) : Q := sumQ (fun v => wst (Pool v u) k j) (outcomes u).
  Definition bsum (u : N) (k : nat) : Q := sumQ (fun v => bst (Pool v u) k) (outcomes u).

  Lemma average_sum (F : N -> N -> Q) u :
    sumQ (fun v => average m (F v)) (outcomes u) == sumQ (fun v => sumQ (F v) (outcomes m)) (outcomes u) / qN m.
  Proof.
    unfold Qdiv. rewrite sum_mult_r. apply Paths.sumQ_ext. intros. reflexivity.
  Qed.

  (** Within k calls from a pool of u values below n, each output takes [floor(u m^k / n)]
      of the [m^k] continuations of each value. *)
  Lemma wsum_closed u k j : (u < n)%N -> (j < n)%N ->
    wsum u k j == qN (u * m ^ N.of_nat k / n) / power k.
  Proof.
    intros Hu Hj. revert u Hu. induction k as [|k IH]; intros u Hu.
    { unfold wsum. rewrite sum_zero by reflexivity. simpl. rewrite N.mul_1_r, N.div_small by lia.
      unfold power, qN. simpl. reflexivity. }
    unfold wsum. cbn [wst]. rewrite (average_sum (fun v r => wst (step (Pool v u) r) k j)).
    rewrite (pool_split (fun st => wst st k j) u j Hj).
    assert (Hd : forall i, wst (Done i) k j = if N.eqb i j then 1 else 0) by (intros; destruct k; reflexivity).
    rewrite (Paths.sumQ_ext _ (fun x => if N.eqb (x mod n) j then 1 else 0)).
    2: { intros x _. destruct (N.eqb_spec (x mod n) j) as [E|E]; rewrite Hd;
         [rewrite N.eqb_refl | apply N.eqb_neq in E; rewrite E]; reflexivity. }
    rewrite count_copies by exact Hj. fold (wsum (u * m mod n) k j). rewrite IH by (apply N.mod_lt; lia).
    set (q := (u * m / n)%N). set (U := (u * m mod n)%N).
    assert (Hum : (u * m = n * q + U)%N) by (apply N.div_mod; lia).
    assert (Hpow : (u * m ^ N.of_nat (S k) / n = q * m ^ N.of_nat k + U * m ^ N.of_nat k / n)%N).
    { rewrite Nat2N.inj_succ, N.pow_succ_r', N.mul_assoc, Hum, N.mul_add_distr_r.
      replace (n * q * m ^ N.of_nat k)%N with (q * m ^ N.of_nat k * n)%N by ring.
      rewrite N.div_add_l by lia. reflexivity. }
    rewrite Hpow, qN_add, qN_mul, power_succ. fold (power k) (qN q). pose proof (power_pos m k ltac:(lia)).
    field. split; [lra | apply qN_nonzero; lia].
  Qed.

  Lemma bsum_closed u k : (u < n)%N -> bsum u k == qN (u * m ^ N.of_nat k mod n) / power k.
  Proof.
    revert u. induction k as [|k IH]; intros u Hu.
    { unfold bsum. simpl. unfold Paths.sumQ. rewrite sum_const. unfold outcomes. rewrite map_length, seq_length, N_nat_Z.
      rewrite N.mul_1_r, N.mod_small by exact Hu. unfold power, qN. simpl. field. }
    unfold bsum. cbn [bst]. rewrite (average_sum (fun v r => bst (step (Pool v u) r) k)).
    rewrite (pool_split (fun st => bst st k) u 0%N ltac:(lia)).
    rewrite sum_zero by (intros x _; destruct (N.eqb (x mod n) 0); destruct k; reflexivity).
    fold (bsum (u * m mod n) k). rewrite IH by (apply N.mod_lt; lia).
    set (q := (u * m / n)%N). set (U := (u * m mod n)%N).
    assert (Hum : (u * m = n * q + U)%N) by (apply N.div_mod; lia).
    assert (Hpow : (u * m ^ N.of_nat (S k) mod n = U * m ^ N.of_nat k mod n)%N).
    { rewrite Nat2N.inj_succ, N.pow_succ_r', N.mul_assoc, Hum, N.mul_add_distr_r.
      replace (n * q * m ^ N.of_nat k)%N with (q * m ^ N.of_nat k * n)%N by ring.
      rewrite N.add_comm, N.mod_add by lia. reflexivity. }
    rewrite Hpow, power_succ. pose proof (power_pos m k ltac:(lia)). field. split; [lra | apply qN_nonzero; lia].
  Qed.

  Lemma fdr_within k j : (j < n)%N -> within fdr_strategy [] k j == qN (m ^ N.of_nat k / n) / power k.
  Proof.
    intro Hj. rewrite fdr_within_state. unfold state. simpl.
    transitivity (wsum 1 k j); [unfold wsum, outcomes, Paths.sumQ; simpl; ring|].
    rewrite wsum_closed, N.mul_1_l by lia. reflexivity.
  Qed.

  Lemma fdr_beyond k : beyond fdr_strategy [] k == qN (m ^ N.of_nat k mod n) / power k.
  Proof.
    rewrite fdr_beyond_state. unfold state. simpl.
    transitivity (bsum 1 k); [unfold bsum, outcomes, Paths.sumQ; simpl; ring|].
    rewrite bsum_closed, N.mul_1_l by lia. reflexivity.
  Qed.

  Definition output_ok (st : fdr) : Prop := match st with Done j => (j < n)%N | Pool _ _ => True end.


  Lemma fold_ok h st : output_ok st -> output_ok (fold_left step h st).
  Proof.
    revert st. induction h as [|r h IH]; intros st Hst; simpl; [exact Hst|]. apply IH.
    destruct st as [j|v u]; simpl; [exact Hst|]. destruct (_ <? _)%N; simpl; [apply N.mod_lt; lia | exact I].
  Qed.

  Theorem fdr_exact : ExactS n [m] fdr_strategy.
  Proof.
    split.
    - intro h. unfold fdr_strategy. pose proof (fold_ok h (Pool 0 1) I) as H. fold (state h) in H.
      destruct (state h); [exact H | now left].
    - intros j Hj. pose proof (qN_pos n ltac:(lia)). split.
      + intro k. rewrite fdr_within by exact Hj. pose proof (power_pos m k ltac:(lia)).
        assert (Hd : qN n * qN (m ^ N.of_nat k / n) <= power k).
        { unfold power. rewrite <- qN_mul. apply qN_le. apply N.mul_div_le. lia. }
        apply Qle_shift_div_r; [lra|]. setoid_replace (1 / qN n * power k) with (power k / qN n) by (field; lra).
        apply Qle_shift_div_l; [lra|]. rewrite Qmult_comm. exact Hd.
      + intros eps Heps. destruct (pow_large m 1 eps Hm Heps) as [k Hk]. exists k.
        rewrite fdr_within by exact Hj. fold (power k) in Hk. pose proof (power_pos m k ltac:(lia)).
        assert (Hdiv : power k == qN n * qN (m ^ N.of_nat k / n) + qN (m ^ N.of_nat k mod n)).
        { unfold power. rewrite <- qN_mul, <- qN_add, <- N.div_mod by lia. reflexivity. }
        assert (Hr : qN (m ^ N.of_nat k mod n) <= qN n).
        { apply qN_le. pose proof (N.mod_lt (m ^ N.of_nat k) n ltac:(lia)). lia. }
        assert (Hgap : 1 / qN n - qN (m ^ N.of_nat k / n) / power k == qN (m ^ N.of_nat k mod n) / (qN n * power k)).
        { setoid_replace (qN (m ^ N.of_nat k mod n)) with (power k - qN n * qN (m ^ N.of_nat k / n)) by lra.
          field. split; lra. }
        assert (Hsmall : qN (m ^ N.of_nat k mod n) / (qN n * power k) <= eps).
        { apply Qle_shift_div_r; [apply Qmult_lt_0_compat; lra|].
          apply Qle_trans with (qN n); [exact Hr|].
          setoid_replace (eps * (qN n * power k)) with (qN n * (eps * power k)) by ring.
          setoid_replace (qN n) with (qN n * 1) at 1 by ring.
          rewrite Qmult_le_l by lra. exact Hk. }
        apply (gap_le _ _ _ _ Hgap Hsmall).
  Qed.
End OneSize.

(** * The value, certified *)

Definition lookup (ws : list (N * Q)) (r : N) : option Q :=
  option_map snd (find (fun p => N.eqb (fst p) r) ws).

(** [ws] lists [(r, w r)] for the r reached from 1 by [r -> r m mod n], each [w r >= 0] with
    [w r = r + w (r m mod n) / m], and [w 1 = e]: then [w 1] is [sum_k (m^k mod n)/m^k]. *)
Definition ky_check (n m : N) (e : Q) (ws : list (N * Q)) : bool :=
  (2 <=? n)%N && (2 <=? m)%N
  && match lookup ws 1 with Some w => Qeq_bool w e | None => false end
  && forallb (fun p =>
       (fst p <? n)%N && Qle_bool 0 (snd p)
       && match lookup ws (fst p * m mod n) with
          | Some w' => Qeq_bool (snd p) (qN (fst p) + w' / qN m)
          | None => false
          end) ws.

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

Section Certified.
  Variables (n m : N) (e : Q) (ws : list (N * Q)).
  Hypothesis Hcheck : ky_check n m e ws = true.

  Lemma check_parts :
    (2 <= n)%N /\ (2 <= m)%N /\ (exists w, lookup ws 1 = Some w /\ w == e)
    /\ forall r w, In (r, w) ws ->
         (r < n)%N /\ 0 <= w /\ exists w', lookup ws (r * m mod n) = Some w' /\ w == qN r + w' / qN m.
  Proof.
    unfold ky_check in Hcheck. apply andb_prop in Hcheck as [H Hall]. apply andb_prop in H as [H H1].
    apply andb_prop in H as [Hn Hm]. apply N.leb_le in Hn. apply N.leb_le in Hm.
    split; [exact Hn|]. split; [exact Hm|]. split.
    - destruct (lookup ws 1) as [w|]; [|discriminate]. exists w. split; [reflexivity | now apply Qeq_bool_eq].
    - intros r w Hin. rewrite forallb_forall in Hall. specialize (Hall _ Hin). simpl in Hall.
      apply andb_prop in Hall as [H2 H3]. apply andb_prop in H2 as [Hr Hw].
      split; [now apply N.ltb_lt|]. split; [now apply Qle_bool_imp_le|].
      destruct (lookup ws (r * m mod n)) as [w'|]; [|discriminate]. exists w'.
      split; [reflexivity | now apply Qeq_bool_eq].
  Qed.

  (** After K terms the rest of the sum is [w (m^K mod n) / m^K]. *)
  Lemma ky_tail K : exists w, In (m ^ N.of_nat K mod n, w)%N ws /\ pending_sum n m K + w / power m K == e.
  Proof.
    destruct check_parts as (Hn & Hm & (w1 & H1 & E1) & Hall).
    induction K as [|K IH].
    - exists w1. simpl. rewrite N.mod_small by lia. split; [now apply lookup_in|].
      unfold power, qN. simpl. rewrite <- E1. field.
    - destruct IH as (w & Hin & Hsum). destruct (Hall _ _ Hin) as (Hr & Hw & w' & Hl & Ew).
      exists w'. split.
      + rewrite Nat2N.inj_succ, N.pow_succ_r', N.mul_comm, <- N.mul_mod_idemp_l by lia. now apply lookup_in.
      + simpl. rewrite <- Hsum, Ew, power_succ. pose proof (power_pos m K ltac:(lia)). field.
        split; [apply qN_nonzero; lia | lra].
  Qed.

  Theorem ky_optimal : OptimalExpected n [m] e.
  Proof.
    destruct check_parts as (Hn & Hm & _ & Hall).
    assert (Hnn : forall p, In p ws -> 0 <= snd p) by (intros [r w] Hin; apply (Hall r w Hin)).
    split.
    - exists (fdr_strategy n m). split; [exact (fdr_exact n m Hn Hm)|]. intro K.
      assert (Hc : calls_upto (fdr_strategy n m) K == pending_sum n m K).
      { induction K as [|K IH]; simpl; [reflexivity|]. rewrite IH, (fdr_beyond n m Hn Hm). reflexivity. }
      destruct (ky_tail K) as (w & Hin & Hsum). rewrite Hc. pose proof (power_pos m K ltac:(lia)).
      assert (0 <= w / power m K) by (apply Qle_shift_div_l; [lra | rewrite Qmult_0_l; apply (Hall _ _ Hin)]).
      lra.
    - intros s Hs eps Heps. destruct (pow_large m (wtotal ws) eps Hm Heps) as [K HK]. exists K.
      assert (Hlow : pending_sum n m K <= calls_upto s K).
      { clear HK. induction K as [|K IH]; simpl; [apply Qle_refl|].
        apply Qplus_le_compat; [exact IH | exact (beyond_floor n m [m] ltac:(lia) ltac:(lia) (one_size m Hm) s K Hs)]. }
      destruct (ky_tail K) as (w & Hin & Hsum). fold (power m K) in HK. pose proof (power_pos m K ltac:(lia)).
      assert (Hw : w <= wtotal ws) by (apply (wtotal_ge ws (m ^ N.of_nat K mod n)%N); auto).
      assert (w / power m K <= eps).
      { apply Qle_shift_div_r; [lra|]. lra. }
      lra.
  Qed.
End Certified.
