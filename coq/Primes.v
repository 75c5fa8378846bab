(** The primes rule at any scale: statements about [primes_below n] proved from a handful of
    binary computations, never from the list itself (it is never built).

    - [prime_b]: trial division up to the square root, proved to decide Coq's [prime].
    - [valuation_floor_sound]: if [p^a] divides [n] and [p] is the only size [p] divides (true of
      prime sizes), an exact tree has a leaf whose path calls [p] at least [a] times; so it
      makes at least [a] calls, and [a + 1] when [p^a < n] (that path alone would reach more
      than [1/n]). With [a = 1] and [p = n] prime, no size is [n]: impossible.
    - [rule_optimal], [rule_impossible]: the theorems an export applies; [primes_below_list]
      replaces [primes_below n] by an explicit list, checked number by number, for the
      arguments that need one (small [n] only). *)
From Coq Require Import List Arith NArith ZArith QArith Lia Znumtheory.
From Optimod Require Import Model Bridge.
From Optimod Require Unary Paths Exact Blocks.
Import ListNotations.
Import Paths Exact.
Local Open Scope Z_scope.

(** * Deciding primality by trial division *)

(** [start, start + 1, ..., start + len - 1], counted in binary. *)
Fixpoint zfrom (start : Z) (len : nat) : list Z :=
  match len with O => [] | S l => start :: zfrom (Z.succ start) l end.

Lemma in_zfrom x s len : In x (zfrom s len) <-> s <= x < s + Z.of_nat len.
Proof.
  revert s. induction len as [|len IH]; intro s; simpl; [lia|].
  rewrite IH. lia.
Qed.

(** No [x] in [d .. d + fuel - 1] divides [p] (stopping at the first that does). *)
Fixpoint coprime_from (p d : Z) (fuel : nat) : bool :=
  match fuel with
  | O => true
  | S f => if p mod d =? 0 then false else coprime_from p (Z.succ d) f
  end.

Lemma coprime_from_spec p d f :
  coprime_from p d f = true <-> forall x, d <= x < d + Z.of_nat f -> p mod x <> 0.
Proof.
  revert d. induction f as [|f IH]; intro d; simpl.
  - split; [intros _ x Hx; lia | reflexivity].
  - destruct (Z.eqb_spec (p mod d) 0) as [E|E].
    + split; [discriminate|]. intro H. exfalso. apply (H d); [lia | exact E].
    + rewrite IH. split.
      * intros H x Hx. destruct (Z.eq_dec x d) as [->|]; [exact E|]. apply H. lia.
      * intros H x Hx. apply H. lia.
Qed.

(** [p] is prime: no [d] in [2 .. sqrt p] divides it (Coq's [prime]: [prime_b_sound],
    [prime_b_complete]). *)
Definition prime_b (p : Z) : bool := (2 <=? p) && coprime_from p 2 (Z.to_nat (Z.sqrt p - 1)).

Lemma prime_b_sound p : prime_b p = true -> prime p.
Proof.
  unfold prime_b. intro H. apply andb_prop in H as [H2 Hd]. apply Z.leb_le in H2.
  rewrite coprime_from_spec in Hd. apply prime_alt. split; [lia|].
  intros c Hc [e He].
  pose proof (Z.sqrt_spec p ltac:(lia)) as Hs. pose proof (Z.sqrt_nonneg p).
  set (s := Z.sqrt p) in *.
  assert (Hsmall : exists x, 2 <= x <= s /\ (x | p)).
  { destruct (Z_le_gt_dec c s).
    - exists c. split; [lia | now exists e].
    - exists e. split; [|exists c; lia].
      assert (0 < e) by nia. assert (1 < e) by nia.
      split; [lia|]. destruct (Z_le_gt_dec e s); [lia|].
      assert (s + 1 <= e) by lia. assert (s + 1 <= c) by lia.
      assert ((s + 1) * (s + 1) <= e * c) by (apply Z.mul_le_mono_nonneg; lia).
      destruct Hs as [_ Hs2]. rewrite <- Z.add_1_r in Hs2. lia. }
  destruct Hsmall as (x & Hx & Hxd).
  apply (Hd x); [rewrite Z2Nat.id; lia | apply Z.mod_divide; [lia | exact Hxd]].
Qed.

Lemma prime_b_complete p : prime p -> prime_b p = true.
Proof.
  intro Hp. pose proof (prime_ge_2 p Hp). unfold prime_b.
  apply andb_true_intro. split; [now apply Z.leb_le|].
  apply coprime_from_spec. intros d Hd.
  pose proof (Z.sqrt_spec p ltac:(lia)) as Hs. pose proof (Z.sqrt_le_lin p ltac:(lia)).
  assert (1 <= Z.sqrt p) by (destruct Hs as [_ Hs]; rewrite <- Z.add_1_r in Hs; nia).
  rewrite Z2Nat.id in Hd by lia.
  assert (Z.sqrt p < p) by (destruct Hs as [Hs _]; nia).
  intro E. apply Z.mod_divide in E; [|lia].
  destruct (prime_divisors p Hp d E) as [|[|[|]]]; lia.
Qed.

(** * Membership in [primes_below] *)

Lemma primes_below_spec n g : In g (primes_below n) <-> (g < n)%N /\ prime (Z.of_N g).
Proof.
  unfold primes_below. rewrite filter_In, in_map_iff. split.
  - intros [(x & <- & Hx) Hp]. apply in_seq in Hx.
    destruct (prime_dec (Z.of_N (N.of_nat x))); [|discriminate]. split; [lia | auto].
  - intros [Hlt Hp]. split.
    + exists (N.to_nat g). rewrite N2Nat.id. split; [reflexivity|]. apply in_seq. lia.
    + destruct (prime_dec (Z.of_N g)); [reflexivity | contradiction].
Qed.

(** The sizes as the unary arguments see them. *)
Definition unary_primes (n : N) : list nat := map N.to_nat (primes_below n).

Lemma unary_primes_spec n g : In g (unary_primes n) -> (g < N.to_nat n)%nat /\ prime (Z.of_nat g).
Proof.
  unfold unary_primes. intro H. apply in_map_iff in H as (x & <- & Hx).
  apply primes_below_spec in Hx as [Hlt Hp]. rewrite N_nat_Z. split; [lia | exact Hp].
Qed.

Lemma unary_primes_ok n : sizes_ok (unary_primes n) = true.
Proof.
  unfold sizes_ok. apply forallb_forall. intros g Hg. apply Nat.ltb_lt.
  destruct (unary_primes_spec n g Hg) as [_ Hp]. pose proof (prime_ge_2 _ Hp). lia.
Qed.

(** * The valuation floor *)
Section Valuation.
  Variables (n : nat) (G : list nat) (p : Z).
  Hypotheses (Hn : (2 <= n)%nat) (HG : sizes_ok G = true) (Hp : prime p)
             (Honly : forall g, In g G -> (p | Z.of_nat g) -> Z.of_nat g = p).

  Definition is_p (g : nat) : bool := Z.of_nat g =? p.
  (** How many calls of a path are of size [p], and the product of the others. *)
  Definition cnt (path : list nat) : nat := length (filter is_p path).
  Definition rest (path : list nat) : Z :=
    fold_right (fun g x => if is_p g then x else Z.of_nat g * x) 1 path.

  Lemma pprod_split path : pprod path = p ^ Z.of_nat (cnt path) * rest path.
  Proof.
    induction path as [|g path IH]; [reflexivity|].
    unfold cnt, rest, pprod in *. cbn [fold_right filter].
    destruct (is_p g) eqn:E.
    - unfold is_p in E. apply Z.eqb_eq in E. cbn [length].
      rewrite Nat2Z.inj_succ, Z.pow_succ_r by lia. rewrite IH, E. ring.
    - rewrite IH. ring.
  Qed.

  Lemma cnt_le path : (cnt path <= length path)%nat.
  Proof. unfold cnt. induction path as [|g path IH]; simpl; [lia|]. destruct (is_p g); simpl; lia. Qed.

  Lemma rest_one path : cnt path = length path -> rest path = 1.
  Proof.
    unfold cnt. induction path as [|g path IH]; simpl; [reflexivity|].
    pose proof (cnt_le path). unfold cnt in H.
    destruct (is_p g); simpl; intro E; [apply IH | ]; lia.
  Qed.

  Lemma cnt_pos path : (0 < cnt path)%nat -> exists g, In g path /\ Z.of_nat g = p.
  Proof.
    unfold cnt. destruct (filter is_p path) as [|g l] eqn:E; simpl; [lia|]. intros _.
    assert (Hg : In g (filter is_p path)) by (rewrite E; now left).
    apply filter_In in Hg as [Hg Hq]. exists g. split; [exact Hg | now apply Z.eqb_eq].
  Qed.

  Lemma rest_rel_prime path : incl path G -> rel_prime (rest path) p.
  Proof.
    induction path as [|g path IH]; intro Hincl; simpl.
    - apply rel_prime_1.
    - assert (IH' : rel_prime (rest path) p) by (apply IH; intros x Hx; apply Hincl; now right).
      destruct (is_p g) eqn:E; [exact IH'|]. apply rel_prime_sym, rel_prime_mult; apply rel_prime_sym; auto.
      apply rel_prime_sym, prime_rel_prime; auto. intro Hd.
      pose proof (Honly g (Hincl g (or_introl eq_refl)) Hd). unfold is_p in E.
      apply Z.eqb_neq in E. contradiction.
  Qed.

  (** Some leaf path calls [p] at least [a] times. *)
  Lemma some_path_reaches a t :
    Unary.Exact n G t -> (p ^ Z.of_nat a | Z.of_nat n) ->
    exists path, In path (leaf_paths t 0) /\ (a <= cnt path)%nat.
  Proof.
    intros Ht Hdiv. pose proof (prime_ge_2 p Hp) as Hp2.
    destruct (existsb (fun path => Nat.leb a (cnt path)) (leaf_paths t 0)) eqn:E.
    - apply existsb_exists in E as (path & Hin & Hle). exists path. split; auto. now apply Nat.leb_le.
    - exfalso.
      assert (Hall : forall path, In path (leaf_paths t 0) -> (cnt path < a)%nat).
      { intros path Hin. destruct (Nat.leb_spec a (cnt path)) as [Hle|]; [|lia]. exfalso.
        assert (existsb (fun path => Nat.leb a (cnt path)) (leaf_paths t 0) = true)
          by (apply existsb_exists; exists path; split; auto; now apply Nat.leb_le).
        congruence. }
      destruct a as [|a].
      + destruct (leaf_paths t 0) as [|path P] eqn:EP; [exact (exact_nonempty n G t Hn HG Ht EP)|].
        specialize (Hall path (or_introl eq_refl)). lia.
      + set (B := fold_right (fun path y => rest path * y) 1 (leaf_paths t 0)).
        assert (HK : (Z.of_nat n | p ^ Z.of_nat a * B)).
        { apply (exact_divides n G t Hn HG Ht). intros path Hin.
          rewrite pprod_split. specialize (Hall path Hin).
          apply Z.divide_trans with (p ^ Z.of_nat a * rest path);
            [apply Z.mul_divide_mono_r | apply Z.mul_divide_mono_l; now apply zprod_divides].
          replace (Z.of_nat a) with (Z.of_nat (cnt path) + Z.of_nat (a - cnt path)) by lia.
          rewrite Z.pow_add_r by lia. apply Z.divide_factor_l. }
        assert (Hpa : (p ^ Z.of_nat a * p | p ^ Z.of_nat a * B)).
        { apply Z.divide_trans with (Z.of_nat n); [|exact HK].
          replace (p ^ Z.of_nat a * p) with (p ^ Z.of_nat (S a))
            by (rewrite Nat2Z.inj_succ, Z.pow_succ_r by lia; ring). exact Hdiv. }
        apply Z.mul_divide_cancel_l in Hpa; [|apply Z.pow_nonzero; lia].
        assert (Hrel : rel_prime p B).
        { apply zprod_rel_prime. intros path Hin. apply rest_rel_prime.
          now apply (exact_paths n G t Hn HG Ht). }
        destruct Hrel as [_ _ Hg]. specialize (Hg p (Z.divide_refl p) Hpa).
        apply Z.divide_1_r in Hg. lia.
  Qed.

  Theorem valuation_floor_sound a t :
    Unary.Exact n G t -> (p ^ Z.of_nat a | Z.of_nat n) ->
    (a <= Unary.depth t)%nat /\ (p ^ Z.of_nat a < Z.of_nat n -> (a < Unary.depth t)%nat).
  Proof.
    intros Ht Hdiv. destruct (some_path_reaches a t Ht Hdiv) as (path & Hin & Hc).
    destruct (exact_paths n G t Hn HG Ht path Hin) as [Hincl Hlen].
    pose proof (cnt_le path). split; [lia|].
    intro Hlt. destruct (Nat.lt_ge_cases a (Unary.depth t)) as [|Hd]; auto. exfalso.
    assert (E : cnt path = length path) by lia. assert (Ea : cnt path = a) by lia.
    pose proof (exact_floor n G t Hn HG Ht path Hin) as Hf.
    rewrite pprod_split, rest_one, Ea in Hf by exact E. lia.
  Qed.

  (** With [a = 1] and [p = n]: some path calls a size equal to [n]. *)
  Theorem prime_modulus_impossible :
    p = Z.of_nat n -> (forall g, In g G -> (g < n)%nat) -> Unary.Impossible n G.
  Proof.
    intros Ep Hlt t Ht.
    destruct (some_path_reaches 1 t Ht ltac:(rewrite Ep, Z.pow_1_r; apply Z.divide_refl)) as (path & Hin & Hc).
    destruct (cnt_pos path ltac:(lia)) as (g & Hg & E).
    destruct (exact_paths n G t Hn HG Ht path Hin) as [Hincl _].
    specialize (Hlt g (Hincl g Hg)). lia.
  Qed.
End Valuation.

(** * The theorems an export applies *)

(** [r] is a size of [primes_below n]. *)
Definition prime_size (n r : N) : bool := (r <? n)%N && prime_b (Z.of_N r).

Lemma prime_size_in n r : prime_size n r = true -> In (N.to_nat r) (unary_primes n).
Proof.
  unfold prime_size. intro H. apply andb_prop in H as [Hlt Hp]. apply N.ltb_lt in Hlt.
  apply in_map, primes_below_spec. split; [exact Hlt | now apply prime_b_sound].
Qed.

(** The lower bound from [p^a | n]: [a], or [a + 1] when [p^a < n]. *)
Definition valuation_floor (n p a : N) : option nat :=
  let z := Z.of_N n in
  let q := Z.of_N p ^ Z.of_N a in
  if prime_b (Z.of_N p) && (z mod q =? 0) then Some (N.to_nat a + if (q <? z)%Z then 1 else 0)%nat
  else None.

Lemma valuation_floor_ok n p a l t :
  (2 <= n)%N -> valuation_floor n p a = Some l -> Unary.Exact (N.to_nat n) (unary_primes n) t ->
  (l <= Unary.depth t)%nat.
Proof.
  unfold valuation_floor. intros Hn H Ht.
  destruct (prime_b (Z.of_N p)) eqn:Hp; simpl in H; [|discriminate].
  apply prime_b_sound in Hp.
  destruct (Z.eqb_spec (Z.of_N n mod Z.of_N p ^ Z.of_N a) 0) as [Hm|]; [|discriminate].
  injection H as <-.
  assert (Hq : 0 < Z.of_N p ^ Z.of_N a) by (apply Z.pow_pos_nonneg; pose proof (prime_ge_2 _ Hp); lia).
  apply Z.mod_divide in Hm; [|lia].
  assert (Honly : forall g, In g (unary_primes n) -> (Z.of_N p | Z.of_nat g) -> Z.of_nat g = Z.of_N p).
  { intros g Hg Hd. destruct (unary_primes_spec n g Hg) as [_ Hgp].
    symmetry. now apply prime_div_prime. }
  pose proof (valuation_floor_sound (N.to_nat n) (unary_primes n) (Z.of_N p) ltac:(lia)
                (unary_primes_ok n) Hp Honly (N.to_nat a) t Ht) as V.
  rewrite N_nat_Z, N_nat_Z in V. destruct (V Hm) as [V1 V2].
  destruct (Z.ltb_spec (Z.of_N p ^ Z.of_N a) (Z.of_N n)); [specialize (V2 H); lia | lia].
Qed.

(** The witness's samplers check with roots that [sizes] accepts (each a prime below [n]), no
    deeper than [d], and the valuation floor of [p^a] is at least [d]. *)
Definition rule_check_with (sizes : N -> bool) (n : N) (d : nat) (ss : list Blocks.sampler) (p a : N) : bool :=
  (2 <=? n)%N
  && match Blocks.blocks_check sizes n ss with Some w => (w <=? N.of_nat d)%N | None => false end
  && match valuation_floor n p a with Some l => Nat.leb d l | None => false end.

(** With roots tested prime by trial division. *)
Definition rule_check (n : N) : nat -> list Blocks.sampler -> N -> N -> bool := rule_check_with (prime_size n) n.

(** What a [sizes] test must guarantee. *)
Definition sizes_below (sizes : N -> bool) (n : N) : Prop :=
  forall r, sizes r = true -> In (N.to_nat r) (unary_primes n).

(** A witness whose samplers check with sizes from [primes_below n], no deeper than [d], and
    a lower bound of [d]: the optimum. *)
Lemma optimal_by_floor sizes n d ss w :
  sizes_below sizes n ->
  (2 <= n)%N -> Blocks.blocks_check sizes n ss = Some w -> (w <= N.of_nat d)%N ->
  (forall u, Unary.Exact (N.to_nat n) (unary_primes n) u -> (d <= Unary.depth u)%nat) ->
  Optimal n (primes_below n) d.
Proof.
  intros Hs Hn Eb Hw Hlb. apply optimal_of_unary. fold (unary_primes n).
  destruct (Blocks.blocks_sound (unary_primes n) sizes n ss w Hs Eb) as [He Hd].
  split; [|exact Hlb]. exists (Blocks.denote ss). split; [exact He|].
  pose proof (Hlb _ He). lia.
Qed.

Theorem rule_optimal_with sizes n d ss p a :
  sizes_below sizes n -> rule_check_with sizes n d ss p a = true -> Optimal n (primes_below n) d.
Proof.
  unfold rule_check_with. intros Hs H. apply andb_prop in H as [H Hl]. apply andb_prop in H as [Hn Hw].
  apply N.leb_le in Hn.
  destruct (valuation_floor n p a) as [l|] eqn:El; [|discriminate]. apply Nat.leb_le in Hl.
  destruct (Blocks.blocks_check sizes n ss) as [w|] eqn:Eb; [|discriminate].
  apply N.leb_le in Hw. apply (optimal_by_floor sizes n d ss w Hs Hn Eb Hw).
  intros u Hu. pose proof (valuation_floor_ok n p a l u Hn El Hu). lia.
Qed.

Theorem rule_optimal n d ss p a : rule_check n d ss p a = true -> Optimal n (primes_below n) d.
Proof. apply rule_optimal_with. exact (prime_size_in n). Qed.

Theorem rule_impossible n : ((2 <=? n)%N && prime_b (Z.of_N n)) = true -> Impossible n (primes_below n).
Proof.
  intro H. apply andb_prop in H as [Hn Hp]. apply N.leb_le in Hn. apply prime_b_sound in Hp.
  apply impossible_of_unary. fold (unary_primes n).
  apply (prime_modulus_impossible (N.to_nat n) (unary_primes n) (Z.of_N n)); auto.
  - lia.
  - apply unary_primes_ok.
  - intros g Hg Hd. destruct (unary_primes_spec n g Hg) as [Hlt Hgp].
    pose proof (prime_ge_2 _ Hgp). apply Z.divide_pos_le in Hd; lia.
  - now rewrite N_nat_Z.
  - intros g Hg. now apply unary_primes_spec.
Qed.

(** * An explicit list for [primes_below n], checked number by number *)

Fixpoint nfrom (start : N) (len : nat) : list N :=
  match len with O => [] | S l => start :: nfrom (N.succ start) l end.

Lemma nfrom_seq s len : nfrom (N.of_nat s) len = map N.of_nat (seq s len).
Proof.
  revert s. induction len as [|len IH]; intro s; simpl; [reflexivity|].
  rewrite <- Nat2N.inj_succ, IH. reflexivity.
Qed.

Definition primes_list_check (n : N) (L : list N) : bool :=
  if list_eq_dec N.eq_dec L (filter (fun m => prime_b (Z.of_N m)) (nfrom 0 (N.to_nat n))) then true
  else false.

Lemma primes_below_list n L : primes_list_check n L = true -> primes_below n = L.
Proof.
  unfold primes_list_check. intro H.
  destruct (list_eq_dec N.eq_dec _ _) as [E|]; [|discriminate].
  subst L. unfold primes_below. change (nfrom 0) with (nfrom (N.of_nat 0)). rewrite nfrom_seq. apply filter_ext_in.
  intros m Hm. apply in_map_iff in Hm as (k & <- & Hk). apply in_seq in Hk.
  destruct (prime_dec (Z.of_N (N.of_nat k))) as [Hp|Hp].
  - symmetry. now apply prime_b_complete.
  - destruct (prime_b (Z.of_N (N.of_nat k))) eqn:E; [|reflexivity]. apply prime_b_sound in E. contradiction.
Qed.
