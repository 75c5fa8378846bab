(** Lower bounds: each is a computable check whose [true] proves that no exact tree has
    depth at most [k]. The certificate's data (the sizes, the depth, the moduli of a root
    split) are the only inputs; every number the argument needs is recomputed here. *)
From Coq Require Import List Arith ZArith QArith Lia Lqa Znumtheory Orders Sorting.Mergesort Permutation.
From Optimod Require Import Unary Paths Exact.
Import ListNotations.
Local Open Scope Z_scope.

(** * What paths of at most [k] calls can reach, summarised and deduplicated level by level *)
Section Levels.
  (** [norm] removes repeats (by sorting, or [nodup]); the levels need only that it keeps
      every element. *)
  Context {A : Type} (norm : list A -> list A) (norm_keeps : forall l a, In a l -> In a (norm l)).
  Context (f : A -> nat -> A) (a0 : A) (G : list nat).

  (** The summary of a path: [f] applied from its last call up to its first. *)
  Definition summary (p : list nat) : A := fold_right (fun g a => f a g) a0 p.

  Fixpoint levels (k : nat) : list A :=
    match k with
    | O => [a0]
    | S k' =>
        let prev := levels k' in norm (prev ++ flat_map (fun a => map (f a) G) prev)
    end.

  Lemma levels_succ k a : In a (levels k) -> In a (levels (S k)).
  Proof. intro H. simpl. apply norm_keeps, in_or_app. now left. Qed.

  Lemma levels_init k : In a0 (levels k).
  Proof. induction k; [now left | now apply levels_succ]. Qed.

  Lemma levels_complete p k : incl p G -> (length p <= k)%nat -> In (summary p) (levels k).
  Proof.
    revert k. induction p as [|g p IH]; intros k Hincl Hlen.
    - apply levels_init.
    - destruct k as [|k]; simpl in Hlen; [lia|].
      simpl. apply norm_keeps, in_or_app. right. apply in_flat_map.
      exists (summary p). split.
      + apply IH; [intros x Hx; apply Hincl; now right | lia].
      + apply in_map. apply Hincl. now left.
  Qed.
End Levels.

Lemma nodup_keeps {A} (d : forall x y : A, {x = y} + {x <> y}) l a : In a l -> In a (nodup d l).
Proof. apply nodup_In. Qed.

(** The products of at most [k] sizes. *)
Definition prods (G : list nat) (k : nat) : list Z :=
  levels (nodup Z.eq_dec) (fun w g => Z.of_nat g * w) 1 G k.

Lemma prods_complete G p k : incl p G -> (length p <= k)%nat -> In (pprod p) (prods G k).
Proof. apply (levels_complete _ (nodup_keeps Z.eq_dec) (fun w g => Z.of_nat g * w) 1 G p k). Qed.

(** * Small facts *)
Definition basics (n : nat) (G : list nat) : bool := (2 <=? n)%nat && sizes_ok G.

Lemma basics_spec n G : basics n G = true -> (2 <= n)%nat /\ sizes_ok G = true.
Proof. unfold basics. intro H. apply andb_prop in H as [H1 H2]. now apply Nat.leb_le in H1. Qed.

Lemma sizes_pos G g : sizes_ok G = true -> In g G -> (0 < g)%nat.
Proof.
  unfold sizes_ok. rewrite forallb_forall. intros H Hg. apply Nat.ltb_lt. auto.
Qed.

Lemma pprod_nonneg p : 0 <= pprod p.
Proof. induction p; simpl; lia. Qed.

Definition lcm_list (l : list Z) : Z := fold_right Z.lcm 1 l.

Lemma lcm_fold_divides l x y : In x (y :: l) -> (x | fold_right Z.lcm y l).
Proof.
  induction l as [|z l IH]; simpl.
  - intros [<- | []]. apply Z.divide_refl.
  - intros [E | [E | Hx]].
    + apply Z.divide_trans with (fold_right Z.lcm y l); [apply IH; now left | apply Z.divide_lcm_r].
    + subst. apply Z.divide_lcm_l.
    + apply Z.divide_trans with (fold_right Z.lcm y l); [apply IH; now right | apply Z.divide_lcm_r].
Qed.

Lemma lcm_list_divides l x : In x l -> (x | lcm_list l).
Proof. intro H. apply lcm_fold_divides. now right. Qed.

Lemma not_multiple a b : b <> 0 -> (a mod b =? 0) = false -> ~ (b | a).
Proof. intros Hb H Hd. apply Z.mod_divide in Hd; auto. rewrite Hd in H. discriminate. Qed.

(** * Reach: a path of at most [k] calls has product at most [max^k], below [n] *)
Definition max_size (G : list nat) : nat := fold_right Nat.max 0%nat G.

Definition reach_check (n : nat) (G : list nat) (k : nat) : bool :=
  basics n G && (Z.of_nat (max_size G) ^ Z.of_nat k <? Z.of_nat n).

Lemma le_max_size G g : In g G -> (g <= max_size G)%nat.
Proof. induction G as [|x G IH]; simpl; [tauto|]. intros [<- | H]; [lia | specialize (IH H); lia]. Qed.

Lemma pprod_le_pow G p : incl p G -> pprod p <= Z.of_nat (max_size G) ^ Z.of_nat (length p).
Proof.
  induction p as [|g p IH]; intro H; simpl pprod.
  - simpl. lia.
  - simpl length. rewrite Nat2Z.inj_succ.
    rewrite Z.pow_succ_r by lia.
    pose proof (le_max_size G g (H g (or_introl eq_refl))).
    pose proof (pprod_nonneg p).
    specialize (IH (fun x Hx => H x (or_intror Hx))).
    apply Z.mul_le_mono_nonneg; lia.
Qed.

Theorem reach_sound n G k : reach_check n G k = true -> forall t, Exact n G t -> (k < depth t)%nat.
Proof.
  unfold reach_check. intros Hc t Ht. apply andb_prop in Hc as [Hb Hlt].
  destruct (basics_spec _ _ Hb) as [Hn HG]. apply Z.ltb_lt in Hlt.
  destruct (Nat.lt_ge_cases k (depth t)) as [|Hd]; auto. exfalso.
  destruct (leaf_paths t 0) as [|p P] eqn:E; [exact (exact_nonempty n G t Hn HG Ht E)|].
  assert (Hp : In p (leaf_paths t 0)) by (rewrite E; now left).
  destruct (exact_paths n G t Hn HG Ht p Hp) as [Hincl Hlen].
  pose proof (exact_floor n G t Hn HG Ht p Hp) as Hfloor.
  pose proof (pprod_le_pow G p Hincl).
  destruct p as [|g p']; [simpl in Hfloor; lia|].
  assert (Hg : (0 < g <= max_size G)%nat).
  { split; [apply (sizes_pos G); auto | apply le_max_size]; apply Hincl; now left. }
  assert (Z.of_nat (max_size G) ^ Z.of_nat (length (g :: p')) <= Z.of_nat (max_size G) ^ Z.of_nat k).
  { apply Z.pow_le_mono_r; lia. }
  lia.
Qed.

(** * Splitting sizes into a part made of primes of [n] and a part coprime to [n] *)
Fixpoint npart (fuel : nat) (n g : Z) : Z :=
  match fuel with
  | O => g
  | S f => let c := Z.gcd g n in if c =? 1 then 1 else c * npart f n (g / c)
  end.

(** Computed, then checked by [splits_ok]: nothing relies on [npart] being right. *)
Definition apart (n g : nat) : Z := npart 64 (Z.of_nat n) (Z.of_nat g).
Definition bpart (n g : nat) : Z := Z.of_nat g / apart n g.
Arguments apart : simpl never.
Arguments bpart : simpl never.

Definition splits_ok (n : nat) (G : list nat) : bool :=
  forallb (fun g => (0 <? apart n g) && (Z.of_nat g mod apart n g =? 0)
                    && (Z.gcd (bpart n g) (Z.of_nat n) =? 1)) G.

Definition pa (n : nat) (p : list nat) : Z := fold_right (fun g x => apart n g * x) 1 p.
Definition pb (n : nat) (p : list nat) : Z := fold_right (fun g x => bpart n g * x) 1 p.

Lemma path_split n G p :
  splits_ok n G = true -> incl p G -> pprod p = pa n p * pb n p /\ rel_prime (pb n p) (Z.of_nat n).
Proof.
  intros Hs. induction p as [|g p IH]; intro Hincl; simpl.
  - split; [lia | apply rel_prime_1].
  - destruct IH as [E R]; [intros x Hx; apply Hincl; now right|].
    unfold splits_ok in Hs. rewrite forallb_forall in Hs.
    specialize (Hs g (Hincl g (or_introl eq_refl))).
    apply andb_prop in Hs as [Hs Hg]. apply andb_prop in Hs as [Ha Hm].
    apply Z.ltb_lt in Ha. apply Z.eqb_eq in Hm, Hg.
    assert (Hgab : Z.of_nat g = apart n g * bpart n g) by (apply Z.div_exact; lia).
    split.
    + rewrite E, Hgab at 1. generalize (apart n g) (bpart n g) (pa n p) (pb n p). intros. ring.
    + apply rel_prime_sym, rel_prime_mult; apply rel_prime_sym; auto.
      now apply Zgcd_1_rel_prime.
Qed.

(** The common core of the valuation bounds: [n] divides any [A] that every path's
    [a] part divides. *)
Lemma split_bound n G t A :
  (2 <= n)%nat -> sizes_ok G = true -> splits_ok n G = true -> Exact n G t ->
  (forall p, In p (leaf_paths t 0) -> (pa n p | A)) -> (Z.of_nat n | A).
Proof.
  intros Hn HG Hs Ht H. apply (exact_divides_split n G t Hn HG Ht (pa n) (pb n)).
  intros p Hp. destruct (exact_paths n G t Hn HG Ht p Hp) as [Hincl _].
  destruct (path_split n G p Hs Hincl). auto.
Qed.

(** * The p-adic bound: the [a] parts of paths of at most [k] calls divide [L^k], where [L] is
    the lcm of the sizes' [a] parts; if [n] does not divide [L^k], no such tree is exact. *)
Definition padic_check (n : nat) (G : list nat) (k : nat) : bool :=
  basics n G && splits_ok n G
  && negb ((lcm_list (map (apart n) G) ^ Z.of_nat k) mod Z.of_nat n =? 0).

Lemma pa_divides_pow n G p :
  incl p G -> (pa n p | lcm_list (map (apart n) G) ^ Z.of_nat (length p)).
Proof.
  induction p as [|g p IH]; intro H; simpl pa.
  - simpl. apply Z.divide_refl.
  - simpl length. rewrite Nat2Z.inj_succ, Z.pow_succ_r by lia.
    set (L := lcm_list (map (apart n) G)).
    apply Z.divide_trans with (L * pa n p).
    + apply Z.mul_divide_mono_r, lcm_list_divides, in_map, H. now left.
    + apply Z.mul_divide_mono_l, IH. intros x Hx; apply H; now right.
Qed.

(** The shape both valuation checks share: [n] does not divide [A], yet [A] is a multiple of
    the [a] part of every path of an exact tree of depth at most [k]. *)
Lemma multiple_bound n G k A :
  basics n G && splits_ok n G && negb (A mod Z.of_nat n =? 0) = true ->
  (forall t p, Exact n G t -> (depth t <= k)%nat -> In p (leaf_paths t 0) -> (pa n p | A)) ->
  forall t, Exact n G t -> (k < depth t)%nat.
Proof.
  intros Hc HA t Ht.
  apply andb_prop in Hc as [Hc Hm]. apply andb_prop in Hc as [Hb Hs].
  destruct (basics_spec _ _ Hb) as [Hn HG].
  destruct (Nat.lt_ge_cases k (depth t)) as [|Hd]; auto. exfalso.
  apply negb_true_iff in Hm. refine (not_multiple _ _ _ Hm _); [lia|].
  apply (split_bound n G t); auto.
  intros p Hp. now apply (HA t p).
Qed.

Theorem padic_sound n G k : padic_check n G k = true -> forall t, Exact n G t -> (k < depth t)%nat.
Proof.
  intro Hc. apply (multiple_bound n G k _ Hc). intros t p Ht Hd Hp.
  apply andb_prop in Hc as [Hc _]. apply andb_prop in Hc as [Hb _].
  destruct (basics_spec _ _ Hb) as [Hn HG].
  destruct (exact_paths n G t Hn HG Ht p Hp) as [Hincl Hlen].
  set (L := lcm_list (map (apart n) G)).
  apply Z.divide_trans with (L ^ Z.of_nat (length p)); [now apply pa_divides_pow|].
  replace (Z.of_nat k) with (Z.of_nat (length p) + Z.of_nat (k - length p)) by lia.
  rewrite Z.pow_add_r by lia. apply Z.divide_factor_l.
Qed.

(** * Valuation and reach: a path's product is at least [n] (its reach is at most [1/n]);
    the lcm of the [a] parts of the products of at most [k] sizes that are at least [n] must
    then be a multiple of [n]. States are (product capped at [n], [a] part). *)
Definition vr_step (n : nat) (s : Z * Z) (g : nat) : Z * Z :=
  (Z.min (Z.of_nat g * fst s) (Z.of_nat n), apart n g * snd s).

(** States deduplicated by sorting (a level can hold tens of thousands). *)
Module ZPairOrder <: Orders.TotalLeBool.
  Definition t := (Z * Z)%type.
  Definition leb (x y : t) : bool := (fst x <? fst y) || ((fst x =? fst y) && (snd x <=? snd y)).
  Theorem leb_total : forall x y, leb x y = true \/ leb y x = true.
  Proof.
    intros [a b] [c d]. unfold leb. simpl.
    destruct (Z.ltb_spec a c), (Z.ltb_spec c a), (Z.eqb_spec a c), (Z.eqb_spec c a),
      (Z.leb_spec b d), (Z.leb_spec d b); simpl; auto; lia.
  Qed.
End ZPairOrder.
Module ZPairSort := Sort ZPairOrder.

(** Equal neighbours dropped: after a sort, every repetition. *)
Fixpoint dedup_adjacent {A} (dec : forall x y : A, {x = y} + {x <> y}) (l : list A) : list A :=
  match l with
  | x :: ((y :: _) as rest) => if dec x y then dedup_adjacent dec rest else x :: dedup_adjacent dec rest
  | _ => l
  end.

Lemma dedup_adjacent_keeps {A} dec (l : list A) a : In a l -> In a (dedup_adjacent dec l).
Proof.
  induction l as [|x l IH]; [tauto|]. destruct l as [|y l]; [tauto|].
  intros [E | Ha]; cbn [dedup_adjacent].
  - subst x. destruct (dec a y) as [->|]; [apply IH; now left | now left].
  - destruct (dec x y); [|right]; now apply IH.
Qed.

Definition pair_dec (x y : Z * Z) : {x = y} + {x <> y}.
Proof. decide equality; apply Z.eq_dec. Defined.

Definition pair_norm (l : list (Z * Z)) : list (Z * Z) := dedup_adjacent pair_dec (ZPairSort.sort l).

Lemma pair_norm_keeps l a : In a l -> In a (pair_norm l).
Proof.
  intro H. apply dedup_adjacent_keeps. eapply Permutation_in; [apply ZPairSort.Permuted_sort | exact H].
Qed.

(** [vr_step] with [n] in binary and the sizes' [a] parts computed once ([n] is unary here:
    converting it per state made 720720 from six sizes take minutes). *)
Definition vr_step_fast (nz : Z) (parts : list (nat * Z)) (n : nat) (s : Z * Z) (g : nat) : Z * Z :=
  (Z.min (Z.of_nat g * fst s) nz,
   match find (fun q => Nat.eqb (fst q) g) parts with Some q => snd q | None => apart n g end * snd s).

Lemma vr_step_fast_ok n G s g :
  vr_step_fast (Z.of_nat n) (map (fun g => (g, apart n g)) G) n s g = vr_step n s g.
Proof.
  unfold vr_step_fast, vr_step. f_equal. f_equal.
  destruct (find _ _) as [[h a]|] eqn:E; [|reflexivity].
  apply find_some in E as [Hin Heq]. apply in_map_iff in Hin as (x & Hx & _).
  inversion Hx; subst. simpl in Heq. apply Nat.eqb_eq in Heq. now subst.
Qed.

Lemma summary_fast n G x0 p :
  summary (vr_step n) x0 p = summary (vr_step_fast (Z.of_nat n) (map (fun g => (g, apart n g)) G) n) x0 p.
Proof.
  unfold summary. induction p as [|g p IH]; [reflexivity|]. simpl. rewrite IH, vr_step_fast_ok. reflexivity.
Qed.

Definition vr_states (n : nat) (G : list nat) (k : nat) : list (Z * Z) :=
  let nz := Z.of_nat n in
  levels pair_norm (vr_step_fast nz (map (fun g => (g, apart n g)) G) n) (Z.min 1 nz, 1) G k.

Definition vr_multiple (n : nat) (G : list nat) (k : nat) : Z :=
  let nz := Z.of_nat n in
  lcm_list (map snd (filter (fun s => fst s =? nz) (vr_states n G k))).

Definition vr_check (n : nat) (G : list nat) (k : nat) : bool :=
  basics n G && splits_ok n G && negb (vr_multiple n G k mod Z.of_nat n =? 0).

Lemma min_cap g P n : 1 <= g -> 0 <= P -> 0 <= n -> Z.min (g * Z.min P n) n = Z.min (g * P) n.
Proof.
  intros Hg HP Hn. destruct (Z.min_spec P n) as [[H1 ->] | [H1 ->]]; [reflexivity|].
  rewrite !Z.min_r; nia.
Qed.

Lemma vr_summary n G p :
  sizes_ok G = true -> incl p G ->
  summary (vr_step n) (Z.min 1 (Z.of_nat n), 1) p = (Z.min (pprod p) (Z.of_nat n), pa n p).
Proof.
  intro HG. induction p as [|g p IH]; intro H; [reflexivity|].
  simpl summary. fold (summary (vr_step n) (Z.min 1 (Z.of_nat n), 1) p).
  rewrite IH by (intros x Hx; apply H; now right). unfold vr_step. simpl.
  pose proof (sizes_pos G g HG (H g (or_introl eq_refl))).
  rewrite min_cap by (pose proof (pprod_nonneg p); lia). reflexivity.
Qed.

Theorem vr_sound n G k : vr_check n G k = true -> forall t, Exact n G t -> (k < depth t)%nat.
Proof.
  intro Hc. apply (multiple_bound n G k _ Hc). intros t p Ht Hd Hp.
  apply andb_prop in Hc as [Hc _]. apply andb_prop in Hc as [Hb _].
  destruct (basics_spec _ _ Hb) as [Hn HG].
  destruct (exact_paths n G t Hn HG Ht p Hp) as [Hincl Hlen].
  pose proof (exact_floor n G t Hn HG Ht p Hp).
  apply lcm_list_divides. apply in_map_iff. exists (Z.of_nat n, pa n p). split; [reflexivity|].
  apply filter_In. split; [|apply Z.eqb_refl].
  rewrite <- (Z.min_r (pprod p) (Z.of_nat n)) at 1 by lia.
  rewrite <- (vr_summary n G p) by auto. unfold vr_states.
  rewrite (summary_fast n G).
  apply (levels_complete _ pair_norm_keeps (vr_step_fast _ _ n) (Z.min 1 (Z.of_nat n), 1) G); auto. lia.
Qed.

(** * Impossible: a divisor [q > 1] of [n] coprime to every size. Every path product is then
    coprime to [q], and so is their product, which [n] divides. *)
Definition impossible_check (n : nat) (G : list nat) (q : Z) : bool :=
  basics n G && (1 <? q) && (Z.of_nat n mod q =? 0)
  && forallb (fun g => Z.gcd q (Z.of_nat g) =? 1) G.

Lemma pprod_rel_prime G p q :
  forallb (fun g => Z.gcd q (Z.of_nat g) =? 1) G = true -> incl p G -> rel_prime (pprod p) q.
Proof.
  intro H. rewrite forallb_forall in H. induction p as [|g p IH]; intro Hincl; simpl.
  - apply rel_prime_1.
  - apply rel_prime_sym, rel_prime_mult.
    + apply Zgcd_1_rel_prime, Z.eqb_eq, H, Hincl. now left.
    + apply rel_prime_sym, IH. intros x Hx; apply Hincl; now right.
Qed.

Theorem impossible_sound n G q : impossible_check n G q = true -> Impossible n G.
Proof.
  unfold impossible_check. intros Hc t Ht.
  apply andb_prop in Hc as [Hc Hg]. apply andb_prop in Hc as [Hc Hq].
  apply andb_prop in Hc as [Hb H1]. destruct (basics_spec _ _ Hb) as [Hn HG].
  apply Z.ltb_lt in H1. apply Z.eqb_eq in Hq.
  set (K := fold_right (fun p y => pprod p * y) 1 (leaf_paths t 0)).
  assert (HK : (Z.of_nat n | K)).
  { apply (exact_divides n G t Hn HG Ht). intros p Hp. now apply zprod_divides. }
  assert (HqK : (q | K)).
  { apply Z.divide_trans with (Z.of_nat n); auto. apply Z.mod_divide; auto. lia. }
  assert (Hrel : rel_prime q K).
  { apply zprod_rel_prime. intros p Hp. apply (pprod_rel_prime G); auto.
    now apply (exact_paths n G t Hn HG Ht). }
  destruct Hrel as [_ _ Hd]. specialize (Hd q (Z.divide_refl q) HqK).
  apply Z.divide_1_r in Hd. lia.
Qed.
