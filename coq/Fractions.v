(** The partial-fractions bound at any scale: no exact tree of at most two calls over the primes
    below [n], checked without listing them.

    A tree of depth at most 2 calls a prime [r < n] at its root; below it, output 0's leaves
    have paths of at most one more call, whose reaches sum to [r/n]. For each prime [p] of a
    list [es] of primes of [n] (with [p | n/w] for the others [w] of the list, and [i] an
    inverse of [n/p] modulo [p]), the number [c] of those leaves under a call of [p] satisfies
    [c = r * i (mod p)] ([congruence] of [RootSplit], with [N = n] times the sizes outside the
    list, which [p] does not divide). So [c >= (r * i) mod p], and adding [c/p] over the list,
    [sum ((r * i) mod p) * (n/p) <= r]: a root for which this fails is ruled out.

    Only prime roots matter. The check tries the primes of the list and every number from
    [s0 = sum n/p] to [n]; a prime root [r] below [s0] and outside the list is ruled out by
    arithmetic: no [p] divides it, so every residue is at least 1 and the sum is at least
    [s0 > r]. *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa Znumtheory.
From Optimod Require Import Model Bridge Primes.
From Optimod Require Unary Paths Exact RootSplit.
Import ListNotations.
Import Paths Exact RootSplit.
Local Open Scope Z_scope.

(** A prime [fst e] of the list with the inverse [snd e] of [n / fst e]. *)
Definition residue (r : Z) (e : Z * Z) : Z := (r * snd e) mod fst e.
Definition residue_sum (n r : Z) (es : list (Z * Z)) : Z := zsum (fun e => residue r e * (n / fst e)) es.

Definition primes_ok (n : Z) (es : list (Z * Z)) : bool :=
  nodupb (map fst es)
  && forallb (fun e => prime_b (fst e) && (n mod fst e =? 0) && ((n / fst e * snd e) mod fst e =? 1)) es
  && forallb (fun e => forallb (fun w => (fst w =? fst e) || ((n / fst w) mod fst e =? 0)) es) es.

Definition roots_tried (n : Z) (es : list (Z * Z)) : list Z :=
  let s0 := zsum (fun e => n / fst e) es in map fst es ++ zfrom s0 (Z.to_nat (n - s0)).

Definition fractions_check (n : N) (es : list (Z * Z)) : bool :=
  let z := Z.of_N n in
  (2 <=? n)%N && primes_ok z es
  && forallb (fun r => negb (prime_b r) || (r <? residue_sum z r es)) (roots_tried z es).

Section Facts.
  Variables (n : Z) (es : list (Z * Z)).
  Hypothesis Hes : primes_ok n es = true.

  Lemma es_nodup : NoDup (map fst es).
  Proof. pose proof Hes as H. unfold primes_ok in H. apply andb_prop in H as [H _]. apply andb_prop in H as [H _]. now apply nodupb_spec. Qed.

  Lemma es_prime e : In e es -> prime (fst e) /\ (fst e | n) /\ (n / fst e * snd e) mod fst e = 1.
  Proof.
    intro He. pose proof Hes as H. unfold primes_ok in H. apply andb_prop in H as [H _]. apply andb_prop in H as [_ H].
    rewrite forallb_forall in H. specialize (H e He).
    apply andb_prop in H as [H Hi]. apply andb_prop in H as [Hp Hd].
    apply prime_b_sound in Hp. pose proof (prime_ge_2 _ Hp).
    apply Z.eqb_eq in Hd, Hi. split; [exact Hp | split; [apply Z.mod_divide; [lia | exact Hd] | exact Hi]].
  Qed.

  Lemma es_others e w : In e es -> In w es -> fst w <> fst e -> (fst e | n / fst w).
  Proof.
    intros He Hw Hne. pose proof Hes as H. unfold primes_ok in H. apply andb_prop in H as [_ H].
    rewrite forallb_forall in H. specialize (H e He). rewrite forallb_forall in H. specialize (H w Hw).
    apply orb_prop in H as [H | H]; [apply Z.eqb_eq in H; contradiction|].
    apply Z.eqb_eq in H. pose proof (prime_ge_2 _ (proj1 (es_prime e He))).
    apply Z.mod_divide; [lia | exact H].
  Qed.

  Lemma es_inverse_rel_prime e : In e es -> rel_prime (fst e) (snd e).
  Proof.
    intro He. destruct (es_prime e He) as (Hp & _ & Hi). pose proof (prime_ge_2 _ Hp).
    apply bezout_rel_prime. apply (Bezout_intro _ _ _ (- ((n / fst e * snd e) / fst e)) (n / fst e)).
    pose proof (Z.div_mod (n / fst e * snd e) (fst e) ltac:(lia)). rewrite Hi in H0. lia.
  Qed.

  (** [n] times [sum x/p] is [sum x * (n/p)]. *)
  Lemma scaled_residues (x : Z * Z -> Z) :
    (inject_Z (zsum (fun e => x e * (n / fst e))%Z es)
     == inject_Z n * sumQ (fun e => inject_Z (x e) / inject_Z (fst e)) es)%Q.
  Proof.
    assert (H : forall e, In e es -> prime (fst e) /\ (fst e | n))
      by (intros e He; destruct (es_prime e He) as (? & ? & _); auto).
    clear Hes. induction es as [|e l IH]; unfold zsum, sumQ in *; simpl; [ring|].
    rewrite inject_Z_plus, IH by (intros; apply H; now right).
    destruct (H e (or_introl eq_refl)) as [Hp [c Hc]]. pose proof (prime_ge_2 _ Hp).
    rewrite Hc at 1. rewrite Z.div_mul by lia. rewrite Hc, !inject_Z_mult.
    assert (~ inject_Z (fst e) == 0)%Q by (apply inject_Z_nonzero; lia). field. auto.
  Qed.
End Facts.

Lemma zsum_le {A} (f g : A -> Z) l : (forall x, In x l -> f x <= g x) -> zsum f l <= zsum g l.
Proof.
  induction l as [|x l IH]; intro H; unfold zsum in *; simpl; [lia|].
  specialize (H x (or_introl eq_refl)) as Hx. specialize (IH (fun y Hy => H y (or_intror Hy))). lia.
Qed.

(** * One root *)
Section Root.
  Variables (n : Z) (G : list nat) (r : Z) (T : list (list nat)) (es : list (Z * Z)).
  Hypotheses (Hn : 0 < n) (HG : sizes_ok G = true)
    (Hprime : forall g, In g G -> prime (Z.of_nat g))
    (HT : forall p, In p T -> incl p G /\ (length p <= 1)%nat)
    (Hsum : (sumQ reach T == inject_Z r / inject_Z n)%Q)
    (Hes : primes_ok n es = true).

  Definition in_list (w : Z) : bool := existsb (Z.eqb w) (map fst es).
  (** The paths whose product is not a prime of the list, and the product of their products. *)
  Definition others : list (list nat) := filter (fun p => negb (in_list (pprod p))) T.
  Definition Pi : Z := fold_right (fun p y => pprod p * y) 1 others.

  Lemma in_list_spec w : in_list w = true -> exists e, In e es /\ fst e = w.
  Proof.
    unfold in_list. intro H. apply existsb_exists in H as (x & Hx & E). apply Z.eqb_eq in E.
    apply in_map_iff in Hx as (e & <- & He). exists e. auto.
  Qed.

  Lemma pprod_short p : In p T -> pprod p = 1 \/ exists g, In g G /\ pprod p = Z.of_nat g.
  Proof.
    intro Hp. destruct (HT p Hp) as [Hincl Hlen]. destruct p as [|g [|g' p]]; simpl in *; [now left | | lia].
    right. exists g. split; [apply Hincl; now left | lia].
  Qed.

  Lemma others_rel_prime e : In e es -> rel_prime (fst e) Pi.
  Proof.
    intro He. destruct (es_prime n es Hes e He) as (Hp & _ & _). unfold Pi.
    apply zprod_rel_prime. intros p Hp'. unfold others in Hp'. apply filter_In in Hp' as [Hp' Hnot].
    destruct (pprod_short p Hp') as [-> | (g & Hg & E)]; [apply rel_prime_1|].
    rewrite E. apply rel_prime_sym, prime_rel_prime; auto. intro Hd.
    pose proof (prime_div_prime _ _ Hp (Hprime g Hg) Hd) as Eq.
    assert (in_list (pprod p) = true).
    { unfold in_list. apply existsb_exists. exists (fst e). split; [now apply in_map | apply Z.eqb_eq; lia]. }
    rewrite H in Hnot. discriminate.
  Qed.

  Lemma Pi_pos : 0 < Pi.
  Proof.
    unfold Pi. assert (H : forall p, In p others -> 0 < pprod p).
    { intros p Hp. unfold others in Hp. apply filter_In in Hp as [Hp _].
      apply (pprod_pos G); auto. now apply HT. }
    induction others as [|p l IH]; simpl; [lia|].
    assert (0 < pprod p) by (apply H; now left). assert (0 < fold_right (fun p y => pprod p * y) 1 l) by (apply IH; intros; apply H; now right).
    nia.
  Qed.

  Lemma divides_N p : In p T -> (pprod p | n * Pi).
  Proof.
    intro Hp. destruct (in_list (pprod p)) eqn:E.
    - destruct (in_list_spec _ E) as (e & He & Ee). destruct (es_prime n es Hes e He) as (_ & Hd & _).
      rewrite <- Ee. now apply Z.divide_mul_l.
    - apply Z.divide_mul_r. unfold Pi. apply zprod_divides. unfold others. apply filter_In. rewrite E. auto.
  Qed.

  Lemma sum_N : zsum (fun p => (n * Pi) / pprod p) T = Pi * r.
  Proof.
    apply inject_Z_injective. rewrite <- (scaled_sum G T (n * Pi) HG).
    - rewrite Hsum, !inject_Z_mult. field. apply inject_Z_nonzero. lia.
    - intros p Hp. split; [now apply HT | now apply divides_N].
  Qed.

  Lemma congruence_e e : In e es -> (fst e | r - zcount (fst e) T * (n / fst e)).
  Proof.
    intro He. destruct (es_prime n es Hes e He) as (Hp & Hdn & _). pose proof (prime_ge_2 _ Hp).
    pose proof Pi_pos.
    assert (Hc := congruence (n * Pi) (fst e) (fst e) (map pprod T) T ltac:(lia)).
    assert (Hlone : forall w, In w (map pprod T) -> ((n * Pi) / w) mod fst e <> 0 -> w = fst e).
    { intros w Hw Hm. apply in_map_iff in Hw as (p & <- & Hp').
      destruct (Z.eq_dec (pprod p) (fst e)) as [|Hne]; [assumption|]. exfalso. apply Hm.
      assert (Hpos : 0 < pprod p) by (apply (pprod_pos G); auto; now apply HT).
      apply Z.mod_divide; [lia|]. destruct (in_list (pprod p)) eqn:E.
      - destruct (in_list_spec _ E) as (w & Hw & Ew). destruct (es_prime n es Hes w Hw) as (_ & Hwn & _).
        rewrite <- Ew in *. rewrite Z.mul_comm, Z.divide_div_mul_exact by (auto; lia).
        apply Z.divide_mul_r. apply (es_others n es Hes e w); auto.
      - assert (Hd : (pprod p | Pi)).
        { unfold Pi. apply zprod_divides. unfold others. apply filter_In. rewrite E. auto. }
        rewrite Z.divide_div_mul_exact by (auto; lia). now apply Z.divide_mul_l. }
    specialize (Hc Hlone (fun p Hp' => in_map pprod T p Hp')).
    rewrite sum_N in Hc.
    replace (n * Pi / fst e) with (n / fst e * Pi) in Hc
      by (rewrite (Z.mul_comm n Pi), Z.divide_div_mul_exact by (auto; lia); ring).
    replace (Pi * r - zcount (fst e) T * (n / fst e * Pi)) with (Pi * (r - zcount (fst e) T * (n / fst e))) in Hc by ring.
    apply Gauss with Pi; [exact Hc | now apply others_rel_prime].
  Qed.

  Lemma residue_le e : In e es -> residue r e <= zcount (fst e) T.
  Proof.
    intro He. destruct (es_prime n es Hes e He) as (Hp & _ & Hi). pose proof (prime_ge_2 _ Hp).
    pose proof (congruence_e e He) as [k Hk]. unfold residue.
    set (c := zcount (fst e) T) in *. set (p := fst e) in *. set (i := snd e) in *.
    assert (Hr : r = c * (n / p) + k * p) by lia.
    assert (E : (r * i) mod p = (c * (n / p * i)) mod p).
    { replace (r * i) with (c * (n / p * i) + (k * i) * p) by (rewrite Hr; ring).
      now rewrite Z.mod_add by lia. }
    rewrite E, Z.mul_mod, Hi, Z.mul_1_r, Z.mod_mod by lia.
    apply Z.mod_le; [apply zcount_nonneg | lia].
  Qed.

  Lemma residue_sum_le : residue_sum n r es <= r.
  Proof.
    assert (Hpos : forall q, In q (map fst es) -> 0 < q).
    { intros q Hq. apply in_map_iff in Hq as (e & <- & He).
      pose proof (prime_ge_2 _ (proj1 (es_prime n es Hes e He))). lia. }
    pose proof (counts_le_sum T (map fst es) (es_nodup n es Hes) Hpos) as Hc.
    rewrite sumQ_map, Hsum in Hc.
    assert (Hle : (sumQ (fun e => inject_Z (residue r e) / inject_Z (fst e)) es
                   <= sumQ (fun e => inject_Z (zcount (fst e) T) / inject_Z (fst e)) es)%Q).
    { apply sumQ_le. intros e He. specialize (Hpos (fst e) (in_map fst es e He)).
      unfold Qdiv. apply Qmult_le_compat_r; [rewrite <- Zle_Qle; now apply residue_le|].
      apply Qinv_le_0_compat. apply Qlt_le_weak, inject_Z_pos. lia. }
    rewrite Zle_Qle. unfold residue_sum. rewrite (scaled_residues n es Hes (residue r)).
    apply Qle_trans with (inject_Z n * (inject_Z r / inject_Z n))%Q.
    - apply Qmult_le_l; [apply inject_Z_pos; lia | lra].
    - assert (~ inject_Z n == 0)%Q by (apply inject_Z_nonzero; lia).
      apply Qle_lteq. right. field. auto.
  Qed.

  Lemma residue_pos e : In e es -> prime r -> ~ In r (map fst es) -> 0 < residue r e.
  Proof.
    intros He Hr Hnot. destruct (es_prime n es Hes e He) as (Hp & _ & _). pose proof (prime_ge_2 _ Hp).
    pose proof (Z.mod_pos_bound (r * snd e) (fst e) ltac:(lia)). unfold residue.
    destruct (Z.eq_dec ((r * snd e) mod fst e) 0) as [E|]; [|lia]. exfalso.
    apply Z.mod_divide in E; [|lia].
    assert (Hd : (fst e | r)).
    { apply Gauss with (snd e); [rewrite Z.mul_comm; exact E | exact (es_inverse_rel_prime n es Hes e He)]. }
    pose proof (prime_div_prime _ _ Hp Hr Hd) as Eq. apply Hnot. rewrite <- Eq. now apply in_map.
  Qed.

  (** The check rules out every prime root below [n]. *)
  Lemma root_ruled_out : 0 < r -> r < n -> prime r ->
    forallb (fun x => negb (prime_b x) || (x <? residue_sum n x es)) (roots_tried n es) = true -> False.
  Proof.
    intros Hr0 Hrn Hr Hall. pose proof residue_sum_le as Hle. rewrite forallb_forall in Hall.
    assert (Htried : In r (roots_tried n es) -> False).
    { intro Hin. specialize (Hall r Hin). rewrite prime_b_complete in Hall by exact Hr.
      simpl in Hall. apply Z.ltb_lt in Hall. lia. }
    set (s0 := zsum (fun e => n / fst e) es).
    destruct (in_dec Z.eq_dec r (map fst es)) as [Hin | Hnot].
    - apply Htried. unfold roots_tried. cbv zeta. apply in_or_app. now left.
    - destruct (Z_le_gt_dec s0 r) as [Hs | Hs].
      + apply Htried. unfold roots_tried. cbv zeta. apply in_or_app. right. apply in_zfrom.
        fold s0. rewrite Z2Nat.id by lia. lia.
      + assert (s0 <= residue_sum n r es); [|lia].
        unfold s0, residue_sum. apply zsum_le. intros e He.
        pose proof (residue_pos e He Hr Hnot).
        destruct (es_prime n es Hes e He) as (Hp & _ & _). pose proof (prime_ge_2 _ Hp).
        assert (0 <= n / fst e) by (apply Z.div_pos; lia). nia.
  Qed.
End Root.

(** * The theorem: no exact tree over [primes_below n] makes two calls or fewer *)
Theorem fractions_sound n es : fractions_check n es = true ->
  forall t, Unary.Exact (N.to_nat n) (unary_primes n) t -> (2 < Unary.depth t)%nat.
Proof.
  unfold fractions_check. cbv zeta. intros Hc t Ht.
  apply andb_prop in Hc as [Hc Hall]. apply andb_prop in Hc as [Hn Hes]. apply N.leb_le in Hn.
  pose proof (unary_primes_ok n) as HG. set (G := unary_primes n) in *.
  assert (Hn' : (2 <= N.to_nat n)%nat) by lia.
  destruct (Nat.lt_ge_cases 2 (Unary.depth t)) as [|Hd]; auto. exfalso.
  destruct t as [j | m ts].
  - destruct Ht as [_ Hp]. set (i := if Nat.eqb j 0 then 1%nat else 0%nat).
    assert (Hi : (i < N.to_nat n)%nat) by (unfold i; destruct (Nat.eqb j 0); lia).
    specialize (Hp i Hi). simpl in Hp.
    assert (Hji : Nat.eqb j i = false) by (unfold i; destruct (Nat.eqb_spec j 0); apply Nat.eqb_neq; lia).
    rewrite Hji in Hp.
    assert (0 < 1 / inject_Z (Z.of_nat (N.to_nat n)))%Q.
    { unfold Qdiv. rewrite Qmult_1_l. apply Qinv_lt_0_compat, inject_Z_pos. lia. }
    lra.
  - assert (Hm : In m G) by (destruct Ht as [[Hm _] _]; exact Hm).
    destruct (unary_primes_spec n m Hm) as [Hmn Hmp]. pose proof (prime_ge_2 _ Hmp).
    set (T := flat_map (fun u => leaf_paths u 0) ts).
    assert (HP : forall p, In p T -> In (m :: p) (leaf_paths (Unary.Call m ts) 0)).
    { intros p Hp. rewrite paths_of_call. now apply in_map. }
    apply (root_ruled_out (Z.of_N n) G (Z.of_nat m) T es); auto; try lia.
    + intros g Hg. exact (proj2 (unary_primes_spec n g Hg)).
    + intros p Hp. destruct (exact_paths _ G _ Hn' HG Ht (m :: p) (HP p Hp)) as [Hincl Hlen].
      split; [intros x Hx; apply Hincl; now right | simpl in Hlen, Hd; lia].
    + pose proof (exact_sum _ G _ Hn' HG Ht) as S. rewrite paths_of_call, sumQ_map in S. fold T in S.
      rewrite (sumQ_ext _ (fun p => reach p / inject_Z (Z.of_nat m))%Q) in S.
      * rewrite <- sumQ_div in S.
        assert (Hm' : ~ inject_Z (Z.of_nat m) == 0) by (apply inject_Z_nonzero; lia).
        assert (E : (sumQ reach T == (sumQ reach T / inject_Z (Z.of_nat m)) * inject_Z (Z.of_nat m))%Q)
          by (field; exact Hm').
        rewrite E, S, N_nat_Z. field. apply inject_Z_nonzero. lia.
      * intros p _. unfold reach, Qdiv. simpl pprod. rewrite inject_Z_mult, Qinv_mult_distr. ring.
Qed.

(** How an export uses it: a witness of depth at most 3 (roots accepted by [sizes]), and no
    exact tree of depth 2 or less. *)
Definition fractions_rule_check_with (sizes : N -> bool) (n : N) (ss : list Blocks.sampler)
  (es : list (Z * Z)) : bool :=
  match Blocks.blocks_check sizes n ss with Some w => (w <=? 3)%N | None => false end
  && fractions_check n es.

Definition fractions_rule_check (n : N) : list Blocks.sampler -> list (Z * Z) -> bool :=
  fractions_rule_check_with (prime_size n) n.

Theorem fractions_optimal_with sizes n ss es :
  sizes_below sizes n -> fractions_rule_check_with sizes n ss es = true -> Optimal n (primes_below n) 3.
Proof.
  unfold fractions_rule_check_with. intros Hs H. apply andb_prop in H as [Hw Hf].
  destruct (Blocks.blocks_check sizes n ss) as [w|] eqn:Eb; [|discriminate].
  apply N.leb_le in Hw. pose proof Hf as Hn. unfold fractions_check in Hn.
  apply andb_prop in Hn as [Hn _]. apply andb_prop in Hn as [Hn _]. apply N.leb_le in Hn.
  apply (optimal_by_floor sizes n 3 ss w Hs Hn Eb Hw). intros u Hu. pose proof (fractions_sound n es Hf u Hu). lia.
Qed.

Theorem fractions_optimal n ss es : fractions_rule_check n ss es = true -> Optimal n (primes_below n) 3.
Proof. apply fractions_optimal_with. exact (prime_size_in n). Qed.
