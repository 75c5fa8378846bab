(** What every exact strategy leaves pending (docs/model.md section 7, facts 1, 7 and 8), and
    what a finite tree costs. If every size divides L, what a run outputs within k calls is a
    whole number of [1/L^k]; an exact strategy gives each output at most [1/n], so at most
    [floor(L^k/n)/L^k], and at least [(L^k mod n)/L^k] is pending after k calls
    ([beyond_floor]). Summed over [k < K] this is a lower bound on every exact strategy's
    expected calls ([pending_at_least]); a finite exact tree whose cost ([cost]: the expected
    calls of the tree, by recursion) equals it is optimal over all strategies
    ([pending_sound]: 27 from {2, 6, 12} = 33/16, 54 from {4, 6, 12} = 9/4). One size m is
    [L = m], Knuth and Yao's bound ([KnuthYao.v]). *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Model Strategies Expected.
Require Optimod.Paths Optimod.Unary Optimod.Witness Optimod.Bridge.
Import ListNotations.
Local Open Scope Q_scope.

Notation sumQ := Paths.sumQ.

(** * Sums over [0 .. a-1] *)

Lemma seq_offset a b : seq a b = map (Nat.add a) (seq 0 b).
Proof.
  revert a. induction b as [|b IH]; intro a; [reflexivity|]. simpl. rewrite Nat.add_0_r. f_equal.
  rewrite IH, <- seq_shift, map_map. apply map_ext. intro x. lia.
Qed.

Lemma outcomes_add a b : outcomes (a + b) = outcomes a ++ map (fun x => a + x)%N (outcomes b).
Proof.
  unfold outcomes. rewrite N2Nat.inj_add, seq_app, map_app. f_equal.
  rewrite seq_offset, !map_map. apply map_ext. intro x. lia.
Qed.

Lemma sum_split f a b :
  sumQ f (outcomes (a + b)) == sumQ f (outcomes a) + sumQ (fun x => f (a + x)%N) (outcomes b).
Proof. rewrite outcomes_add, Paths.sumQ_app, Paths.sumQ_map. reflexivity. Qed.

Lemma sum_one0 (g : N -> Q) : sumQ g (outcomes 1) == g 0%N.
Proof. unfold outcomes, Paths.sumQ. simpl. ring. Qed.

Lemma sum_one f a : sumQ (fun x => f (a + x)%N) (outcomes 1) == f a.
Proof. unfold outcomes. simpl. rewrite N.add_0_r. unfold Paths.sumQ. simpl. ring. Qed.

(** The values [v m + r] ([v < u], [r < m]) are the values below [u m], once each. *)
Lemma sum_double f u m :
  sumQ (fun v => sumQ (fun r => f (v * m + r)%N) (outcomes m)) (outcomes u) == sumQ f (outcomes (u * m)).
Proof.
  induction u as [|u IH] using N.peano_ind; [reflexivity|].
  rewrite <- N.add_1_r, sum_split, (sum_one (fun v => sumQ (fun r => f (v * m + r)%N) (outcomes m)) u), IH.
  rewrite N.mul_add_distr_r, N.mul_1_l, sum_split. reflexivity.
Qed.

Lemma sum_zero (f : N -> Q) l : (forall x, In x l -> f x == 0) -> sumQ f l == 0.
Proof.
  intro H. rewrite (Paths.sumQ_ext f (fun _ => 0)) by exact H. clear H.
  induction l as [|x l IH]; [reflexivity|]. unfold Paths.sumQ in *. simpl. rewrite IH. ring.
Qed.

(** Each j below n is one of the values below n. *)
Lemma count_one n j : (j < n)%N -> sumQ (fun x => if N.eqb x j then 1 else 0) (outcomes n) == 1.
Proof.
  intro Hj. replace n with (j + (1 + (n - j - 1)))%N by lia.
  rewrite sum_split, sum_split, sum_one0. cbv beta. rewrite N.add_0_r, N.eqb_refl.
  rewrite (sum_zero _ (outcomes j)), (sum_zero _ (outcomes (n - j - 1))); [ring| |].
  - intros x Hx. apply in_outcomes in Hx. destruct (N.eqb_spec (j + (1 + x)) j); [lia | reflexivity].
  - intros x Hx. apply in_outcomes in Hx. destruct (N.eqb_spec x j); [lia | reflexivity].
Qed.

Lemma count_one_l n i : (i < n)%N -> sumQ (fun j => if N.eqb i j then 1 else 0) (outcomes n) == 1.
Proof.
  intro Hi. rewrite <- (count_one n i Hi). apply Paths.sumQ_ext. intros x _. now rewrite N.eqb_sym.
Qed.

(** Each j below n is [x mod n] for q of the values below [n q]. *)
Lemma count_copies n q j :
  (j < n)%N -> sumQ (fun x => if N.eqb (x mod n) j then 1 else 0) (outcomes (n * q)) == inject_Z (Z.of_N q).
Proof.
  intro Hj. induction q as [|q IH] using N.peano_ind.
  { rewrite N.mul_0_r. reflexivity. }
  rewrite N.mul_succ_r, sum_split, IH, N2Z.inj_succ, <- Z.add_1_r, inject_Z_plus.
  apply Qplus_comp; [reflexivity|]. transitivity (sumQ (fun x => if N.eqb x j then 1 else 0) (outcomes n)).
  - apply Paths.sumQ_ext. intros x Hx. apply in_outcomes in Hx.
    rewrite N.add_comm, N.mul_comm, N.mod_add, N.mod_small by lia. reflexivity.
  - apply count_one, Hj.
Qed.

Lemma sum_swap (F : N -> N -> Q) J R :
  sumQ (fun j => sumQ (F j) R) J == sumQ (fun r => sumQ (fun j => F j r) J) R.
Proof.
  induction J as [|j J IH].
  - symmetry. apply sum_zero. intros. reflexivity.
  - unfold Paths.sumQ at 1. simpl. fold (sumQ (fun j => sumQ (F j) R) J). rewrite IH.
    clear IH. induction R as [|r R IHR]; unfold Paths.sumQ in *; simpl; [ring|].
    rewrite <- IHR. ring.
Qed.

Lemma sum_mult_r (f : N -> Q) l c : sumQ f l * c == sumQ (fun x => f x * c) l.
Proof. induction l as [|x l IH]; unfold Paths.sumQ in *; simpl; [ring|]. rewrite <- IH. ring. Qed.

Lemma sum_integral (f : N -> Q) l :
  (forall x, In x l -> exists z, f x == inject_Z z) -> exists z, sumQ f l == inject_Z z.
Proof.
  induction l as [|x l IH]; intro H; [now exists 0%Z|].
  destruct (H x (or_introl eq_refl)) as [a Ha]. destruct IH as [b Hb]; [intros; apply H; now right|].
  exists (a + b)%Z. unfold Paths.sumQ in *. simpl. rewrite Ha, Hb, inject_Z_plus. reflexivity.
Qed.

(** * Numbers *)

Definition qN (a : N) : Q := inject_Z (Z.of_N a).

Lemma qN_pos a : (0 < a)%N -> 0 < qN a.
Proof. intro H. unfold qN, Qlt. simpl. lia. Qed.

Lemma qN_nonzero a : (0 < a)%N -> ~ qN a == 0.
Proof. intros H E. pose proof (qN_pos a H). rewrite E in H0. discriminate. Qed.

Lemma qN_add a b : qN (a + b) == qN a + qN b.
Proof. unfold qN. rewrite N2Z.inj_add, inject_Z_plus. reflexivity. Qed.

Lemma qN_mul a b : qN (a * b) == qN a * qN b.
Proof. unfold qN. rewrite N2Z.inj_mul, inject_Z_mult. reflexivity. Qed.

Lemma qN_le a b : (a <= b)%N -> qN a <= qN b.
Proof. intro H. unfold qN, Qle. simpl. lia. Qed.

Lemma gap_le (a b c eps : Q) : a - b == c -> c <= eps -> a - eps <= b.
Proof. intros. lra. Qed.

(** A power of [m >= 2] passes any rational bound. *)
Lemma pow_large m x eps : (2 <= m)%N -> 0 < eps -> exists k : nat, x <= eps * qN (m ^ N.of_nat k).
Proof.
  intros Hm He. destruct (Qarchimedean (x / eps)) as [p Hp]. exists (Pos.to_nat p).
  assert (Hk : forall k : nat, (N.of_nat k <= m ^ N.of_nat k)%N).
  { induction k as [|k IH]; [simpl; lia|].
    rewrite Nat2N.inj_succ, N.pow_succ_r'. nia. }
  assert (Hq : inject_Z (Z.pos p) <= qN (m ^ N.of_nat (Pos.to_nat p))).
  { unfold qN, Qle. simpl. specialize (Hk (Pos.to_nat p)). rewrite positive_nat_N in Hk. lia. }
  assert (Hx : x <= inject_Z (Z.pos p) * eps).
  { setoid_replace x with (x / eps * eps) at 1 by (field; intro E; rewrite E in He; discriminate).
    apply Qmult_le_compat_r; [apply Qlt_le_weak, Hp | lra]. }
  eapply Qle_trans; [exact Hx|]. rewrite (Qmult_comm eps). apply Qmult_le_compat_r; [exact Hq | lra].
Qed.

(** * Every exact strategy with one size *)

(** [L^k] as a rational. *)
Definition power (L : N) (k : nat) : Q := qN (L ^ N.of_nat k).

Lemma power_pos L k : (1 <= L)%N -> 0 < power L k.
Proof. intro H. apply qN_pos. apply N.neq_0_lt_0, N.pow_nonzero. lia. Qed.

Lemma power_succ L k : power L (S k) == qN L * power L k.
Proof. unfold power. rewrite Nat2N.inj_succ, N.pow_succ_r', qN_mul. reflexivity. Qed.

Lemma sum_pair (f g : N -> Q) l : sumQ f l + sumQ g l == sumQ (fun x => f x + g x) l.
Proof. induction l as [|x l IH]; unfold Paths.sumQ in *; simpl; [ring|]. rewrite <- IH. ring. Qed.

Lemma sum_const_length (c : Q) m : sumQ (fun _ => c) (outcomes m) == qN m * c.
Proof.
  pose proof (sum_const c (outcomes m)) as H. unfold Paths.sumQ. rewrite H.
  unfold outcomes. rewrite map_length, seq_length, N_nat_Z. reflexivity.
Qed.

(** [sum_{k < K} (L^k mod n)/L^k]: what every exact strategy leaves pending, summed. *)
Fixpoint pending_sum (n L : N) (K : nat) : Q :=
  match K with
  | O => 0
  | S K' => pending_sum n L K' + qN (L ^ N.of_nat K' mod n) / power L K'
  end.

(** What is pending after k calls, and what the outputs took, over every run. *)
Lemma outputs_and_beyond n G s h k :
  (forall g, In g G -> (0 < g)%N) ->
  WellFormedS n G s -> beyond s h k + sumQ (fun j => within s h k j) (outcomes n) == 1.
Proof.
  intros HG Hwf. revert h. induction k as [|k IH]; intro h; pose proof (Hwf h) as Hh; simpl;
    destruct (s h) as [i|g].
  1, 3: rewrite count_one_l by exact Hh; ring.
  - rewrite sum_zero by reflexivity. ring.
  - pose proof (HG g Hh) as Hg0. unfold average. fold (qN g).
    assert (Hg : ~ qN g == 0) by (apply qN_nonzero; lia).
    rewrite (Paths.sumQ_ext (fun j => sumQ (fun r => within s (h ++ [r]) k j) (outcomes g) / qN g)
               (fun j => sumQ (fun r => within s (h ++ [r]) k j) (outcomes g) * / qN g))
      by (intros; reflexivity).
    rewrite <- (sum_mult_r (fun j => sumQ (fun r => within s (h ++ [r]) k j) (outcomes g))).
    rewrite (sum_swap (fun j r => within s (h ++ [r]) k j)).
    change (fold_right (fun r q => beyond s (h ++ [r]) k + q) 0 (outcomes g))
      with (sumQ (fun r => beyond s (h ++ [r]) k) (outcomes g)).
    unfold Qdiv. rewrite <- Qmult_plus_distr_l, sum_pair.
    rewrite (Paths.sumQ_ext _ (fun _ => 1)) by (intros; apply IH).
    rewrite sum_const_length. field. exact Hg.
Qed.

(** * Every exact strategy, every size dividing L *)

Section Common.
  Variables (n L : N) (G : list N).
  Hypothesis Hn : (1 <= n)%N.
  Hypothesis HL : (1 <= L)%N.
  Hypothesis HG : forall g, In g G -> (0 < g)%N /\ (g | L)%N.

  (** What a run outputs within k calls is a whole number of [1/L^k]. *)
  Lemma within_integral s h k j :
    WellFormedS n G s -> exists z, within s h k j * power L k == inject_Z z.
  Proof.
    intro Hwf. revert h. induction k as [|k IH]; intro h; pose proof (Hwf h) as Hh; simpl;
      destruct (s h) as [i|g].
    - exists (if N.eqb i j then 1 else 0)%Z. destruct (N.eqb i j); unfold power; simpl; reflexivity.
    - exists 0%Z. ring.
    - exists (if N.eqb i j then Z.of_N (L ^ N.of_nat (S k)) else 0)%Z.
      destruct (N.eqb i j); unfold power, qN; ring.
    - destruct (HG g Hh) as [Hg0 [c Hc]]. unfold average. fold (qN g).
      destruct (sum_integral (fun r => within s (h ++ [r]) k j * power L k) (outcomes g)) as [z Hz].
      { intros r _. apply IH. }
      exists (z * Z.of_N c)%Z. rewrite inject_Z_mult, <- Hz, power_succ, <- sum_mult_r, Hc, qN_mul.
      change (fold_right (fun r q => within s (h ++ [r]) k j + q) 0 (outcomes g))
        with (sumQ (fun r => within s (h ++ [r]) k j) (outcomes g)).
      fold (qN c). field. apply qN_nonzero. lia.
  Qed.

  (** ... so at most [floor(L^k/n)] of them when it is at most [1/n]. *)
  Lemma within_floor s k j :
    WellFormedS n G s -> within s [] k j <= 1 / qN n ->
    within s [] k j <= qN (L ^ N.of_nat k / n) / power L k.
  Proof.
    intros Hwf Hle. destruct (within_integral s [] k j Hwf) as [z Hz].
    pose proof (power_pos L k HL) as Hp. pose proof (qN_pos n ltac:(lia)) as Hnq.
    assert (Hzn : (z * Z.of_N n <= Z.of_N (L ^ N.of_nat k))%Z).
    { rewrite Zle_Qle, inject_Z_mult. fold (qN n). change (inject_Z (Z.of_N (L ^ N.of_nat k))) with (power L k).
      rewrite <- Hz. apply Qmult_le_compat_r with (z := power L k * qN n) in Hle;
        [|apply Qmult_le_0_compat; lra].
      setoid_replace (1 / qN n * (power L k * qN n)) with (power L k) in Hle by (field; lra).
      setoid_replace (within s [] k j * power L k * qN n) with (within s [] k j * (power L k * qN n)) by ring.
      exact Hle. }
    assert (Hz' : (z <= Z.of_N (L ^ N.of_nat k / n))%Z).
    { rewrite N2Z.inj_div. apply Z.div_le_lower_bound; lia. }
    apply Qle_shift_div_l; [exact Hp|]. rewrite Hz. unfold qN. rewrite <- Zle_Qle. exact Hz'.
  Qed.

  (** Every exact strategy leaves at least [(L^k mod n)/L^k] pending after k calls. *)
  Lemma beyond_floor s k : ExactS n G s -> qN (L ^ N.of_nat k mod n) / power L k <= beyond s [] k.
  Proof.
    intros [Hwf Hex]. pose proof (outputs_and_beyond n G s [] k (fun g Hg => proj1 (HG g Hg)) Hwf) as Hsum.
    set (f := qN (L ^ N.of_nat k / n)). set (r := qN (L ^ N.of_nat k mod n)).
    assert (Hle : sumQ (fun j => within s [] k j) (outcomes n) <= sumQ (fun _ => f / power L k) (outcomes n)).
    { apply Paths.sumQ_le. intros j Hj. apply in_outcomes in Hj.
      apply within_floor; [exact Hwf | apply (proj1 (Hex j Hj))]. }
    assert (Hc : sumQ (fun _ => f / power L k) (outcomes n) == qN n * (f / power L k)).
    { unfold Paths.sumQ. rewrite sum_const. unfold outcomes. rewrite map_length, seq_length, N_nat_Z. reflexivity. }
    assert (Hdiv : power L k == qN n * f + r).
    { unfold power, f, r. rewrite <- qN_mul, <- qN_add, <- N.div_mod by lia. reflexivity. }
    pose proof (power_pos L k HL) as Hp.
    assert (Hr : r / power L k == 1 - qN n * (f / power L k)).
    { setoid_replace r with (power L k - qN n * f) by lra. field. lra. }
    lra.
  Qed.

  Lemma pending_at_least s K : ExactS n G s -> pending_sum n L K <= calls_upto s K.
  Proof.
    intro Hs. induction K as [|K IH]; simpl; [apply Qle_refl|].
    apply Qplus_le_compat; [exact IH | exact (beyond_floor s K Hs)].
  Qed.
End Common.

(** * What a finite tree costs *)

(** The expected calls of a finite tree: a call costs 1 plus the average of its subtrees' costs. *)
Fixpoint cost (t : tree) : Q :=
  match t with
  | Out _ => 0
  | Call m ts => 1 + fold_right (fun u c => cost u + c) 0 ts / inject_Z (Z.of_N m)
  end.

Lemma cost_nonneg t : 0 <= cost t.
Proof.
  induction t as [j | m ts IH] using Bridge.mtree_ind; simpl; [apply Qle_refl|].
  assert (0 <= fold_right (fun u c => cost u + c) 0 ts / inject_Z (Z.of_N m)); [|lra].
  apply div_nonneg; [|apply qpos]. rewrite Forall_forall in IH. apply (Paths.sumQ_nonneg cost). auto.
Qed.

Lemma average_plus m f g : average m (fun r => f r + g r) == average m f + average m g.
Proof.
  unfold average. change (sumQ (fun r => f r + g r) (outcomes m) / inject_Z (Z.of_N m)
    == sumQ f (outcomes m) / inject_Z (Z.of_N m) + sumQ g (outcomes m) / inject_Z (Z.of_N m)).
  rewrite <- sum_pair. unfold Qdiv. ring.
Qed.

Lemma calls_upto_out j K : calls_upto (of_tree (Out j)) K == 0.
Proof. induction K as [|K IH]; simpl; [reflexivity|]. rewrite IH. destruct K; reflexivity. Qed.

Lemma calls_upto_call m ts K :
  calls_upto (of_tree (Call m ts)) (S K)
  == 1 + average m (fun r => calls_upto (of_tree (nth (N.to_nat r) ts (Out 0))) K).
Proof.
  induction K as [|K IH].
  - simpl. unfold average. change (fold_right _ 0 (outcomes m)) with (sumQ (fun _ => 0) (outcomes m)).
    rewrite sum_zero by reflexivity. unfold Qdiv. ring.
  - change (calls_upto (of_tree (Call m ts)) (S (S K)))
      with (calls_upto (of_tree (Call m ts)) (S K) + beyond (of_tree (Call m ts)) [] (S K)).
    rewrite IH. cbn [beyond of_tree follow]. fold (of_tree (Call m ts)).
    rewrite (average_ext m (fun r => beyond (of_tree (Call m ts)) ([] ++ [r]) K)
               (fun r => beyond (of_tree (nth (N.to_nat r) ts (Out 0))) [] K))
      by (intro r; rewrite (beyond_after _ [r] []); reflexivity).
    rewrite <- Qplus_assoc, <- average_plus. reflexivity.
Qed.

(** A finite tree's strategy makes at most [cost t] calls in expectation. *)
Lemma tree_cost_bound n G t K : well_formed n G t -> calls_upto (of_tree t) K <= cost t.
Proof.
  revert K. induction t as [j | m ts IH] using Bridge.mtree_ind; intros K Hwf.
  { rewrite calls_upto_out. apply Qle_refl. }
  destruct K as [|K]; [apply cost_nonneg|].
  destruct Hwf as (Hm & Hlen & Hts). rewrite Forall_forall in IH.
  rewrite calls_upto_call. cbn [cost]. apply Qplus_le_compat; [apply Qle_refl|].
  assert (Hm' : m = N.of_nat (length ts)) by lia. subst m.
  rewrite <- (sum_nth cost ts). unfold average.
  apply Qmult_le_compat_r; [|apply Qinv_le_0_compat, qpos].
  apply (Paths.sumQ_le (fun r => calls_upto (of_tree (nth (N.to_nat r) ts (Out 0))) K)).
  intros r Hr. apply in_outcomes in Hr. assert (Hin : In (nth (N.to_nat r) ts (Out 0)) ts) by (apply nth_In; lia).
  apply (IH _ Hin). apply (wf_child n G _ ts Hts Hin).
Qed.

(** An exact tree whose cost meets the pending bound at some K is optimal over all strategies. *)
Theorem pending_sound n G L K t e :
  (1 <= n)%N -> (1 <= L)%N -> (forall g, In g G -> (0 < g)%N /\ (g | L)%N) ->
  Exact n G t -> cost t == e -> pending_sum n L K == e -> OptimalExpected n G e.
Proof.
  intros Hn HL HG Ht Hc Hp. split.
  - exists (of_tree t). split; [apply tree_exact; [lia | exact Ht]|].
    intro K'. rewrite <- Hc. apply (tree_cost_bound n G), Ht.
  - intros s Hs eps Heps. exists K. rewrite <- Hp.
    pose proof (pending_at_least n L G Hn HL HG s K Hs). lra.
Qed.

(** What an exported file runs: the sizes divide L, the witness (a tree of [Unary.v]) is exact,
    and its cost equals the pending bound summed to K. *)
Definition pending_check (n L : N) (K : nat) (G : list N) (u : Unary.tree) (e : Q) : bool :=
  (1 <=? n)%N && (1 <=? L)%N && forallb (fun g => (0 <? g)%N && (L mod g =? 0)%N) G
  && Witness.exact_b (N.to_nat n) (map N.to_nat G) u
  && Qeq_bool (cost (Bridge.of_unary u)) e && Qeq_bool (pending_sum n L K) e.

Theorem pending_check_sound n L K G u e : pending_check n L K G u e = true -> OptimalExpected n G e.
Proof.
  unfold pending_check. intro H. repeat rewrite andb_true_iff in H.
  destruct H as [[[[[Hn HL] HG] He] Hc] Hp].
  apply (pending_sound n G L K (Bridge.of_unary u) e).
  - now apply N.leb_le.
  - now apply N.leb_le.
  - intros g Hg. rewrite forallb_forall in HG. apply HG, andb_true_iff in Hg as [H0 Hd].
    apply N.ltb_lt in H0. apply N.eqb_eq in Hd. split; [exact H0|]. apply N.mod_divide; [lia | exact Hd].
  - apply Bridge.exact_of_unary, Witness.exact_b_sound, He.
  - now apply Qeq_bool_eq.
  - now apply Qeq_bool_eq.
Qed.
