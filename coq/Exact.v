(** What an exact tree's leaf paths must satisfy: their reaches sum to [1/n] for each output,
    so each reach is at most [1/n], there is at least one, and every common multiple of their
    products is a multiple of [n]. *)
From Coq Require Import List Arith ZArith QArith Lia Lqa Znumtheory.
From Optimod Require Import Unary Paths.
Import ListNotations.
Local Open Scope Q_scope.

Definition zsum {A} (f : A -> Z) (l : list A) : Z := fold_right (fun x s => f x + s)%Z 0%Z l.

Lemma inject_Z_pos (a : Z) : (0 < a)%Z -> 0 < inject_Z a.
Proof. intro H. rewrite Zlt_Qlt in H. exact H. Qed.

Lemma inject_Z_nonzero (a : Z) : (0 < a)%Z -> ~ inject_Z a == 0.
Proof.
  intros H E. pose proof (proj1 (inject_Z_injective a 0) E). lia.
Qed.

(** If every path's product divides [K], then [K] times the reach sum is an integer. *)
Lemma scaled_sum G P K :
  sizes_ok G = true -> (forall p, In p P -> incl p G /\ (pprod p | K)%Z) ->
  inject_Z K * sumQ reach P == inject_Z (zsum (fun p => K / pprod p)%Z P).
Proof.
  intro HG. induction P as [|p P IH]; intro H; unfold sumQ, zsum in *; simpl.
  - ring.
  - rewrite inject_Z_plus, <- IH by (intros; apply H; now right).
    destruct (H p (or_introl eq_refl)) as [Hp [c Hc]].
    pose proof (pprod_pos G p HG Hp).
    assert (Hq : (K / pprod p)%Z = c) by (rewrite Hc; apply Z.div_mul; lia).
    rewrite Hq. unfold reach. rewrite Hc, inject_Z_mult.
    pose proof (inject_Z_nonzero _ H0). field. auto.
Qed.

Lemma inv_le (a b : Z) : (0 < a)%Z -> (0 < b)%Z -> 1 / inject_Z a <= 1 / inject_Z b -> (b <= a)%Z.
Proof.
  intros Ha Hb H. destruct (Z_lt_le_dec a b) as [Hlt | Hle]; [|exact Hle].
  exfalso. rewrite Zlt_Qlt in Hlt.
  apply (Qinv_lt_contravar _ _ (inject_Z_pos a Ha) (inject_Z_pos b Hb)) in Hlt.
  unfold Qdiv in H. rewrite !Qmult_1_l in H. lra.
Qed.

Lemma zprod_divides {A} (b : A -> Z) l x :
  In x l -> (b x | fold_right (fun p y => b p * y)%Z 1%Z l)%Z.
Proof.
  induction l as [|y l IH]; simpl; [tauto|].
  intros [<- | Hx]; [apply Z.divide_factor_l | apply Z.divide_mul_r, IH; auto].
Qed.

Lemma zprod_rel_prime {A} (b : A -> Z) l c :
  (forall x, In x l -> rel_prime (b x) c) -> rel_prime c (fold_right (fun p y => b p * y)%Z 1%Z l).
Proof.
  induction l as [|y l IH]; simpl; intro H.
  - apply rel_prime_sym, rel_prime_1.
  - apply rel_prime_mult; [apply rel_prime_sym, H; now left | apply IH; intros; apply H; now right].
Qed.

Section ExactFacts.
  Variables (n : nat) (G : list nat) (t : tree).
  Hypotheses (Hn : (2 <= n)%nat) (HG : sizes_ok G = true) (Ht : Exact n G t).

  Lemma exact_sum : sumQ reach (leaf_paths t 0) == 1 / inject_Z (Z.of_nat n).
  Proof using Hn HG Ht. destruct Ht as [_ Hp]. rewrite <- prob_paths. apply Hp. lia. Qed.

  Lemma exact_paths p :
    In p (leaf_paths t 0) -> incl p G /\ (length p <= depth t)%nat.
  Proof using Hn HG Ht. destruct Ht as [Hwf _]. now apply paths_wf with (n := n). Qed.

  (** Each path's reach is at most [1/n]: its product is at least [n]. *)
  Lemma exact_floor p : In p (leaf_paths t 0) -> (Z.of_nat n <= pprod p)%Z.
  Proof using Hn HG Ht.
    intro Hp. destruct (exact_paths p Hp) as [Hincl _].
    apply inv_le; [now apply pprod_pos with G | lia |].
    fold (reach p). rewrite <- exact_sum.
    apply sumQ_term_le; auto. intros x Hx. apply (reach_nonneg G); auto.
    now apply exact_paths.
  Qed.

  Lemma exact_nonempty : leaf_paths t 0 <> [].
  Proof using Hn HG Ht.
    intro E. pose proof exact_sum as S. rewrite E in S. unfold sumQ in S. simpl in S.
    assert (0 < 1 / inject_Z (Z.of_nat n)).
    { unfold Qdiv. rewrite Qmult_1_l. apply Qinv_lt_0_compat, inject_Z_pos. lia. }
    lra.
  Qed.

  (** [n] divides every common multiple of the path products. *)
  Lemma exact_divides K : (forall p, In p (leaf_paths t 0) -> (pprod p | K)%Z) -> (Z.of_nat n | K)%Z.
  Proof using Hn HG Ht.
    intro H. pose proof (scaled_sum G (leaf_paths t 0) K HG) as S.
    rewrite exact_sum in S by auto.
    specialize (S ltac:(intros p Hp; split; [now apply exact_paths | auto])).
    set (z := zsum _ _) in S.
    assert (inject_Z K == inject_Z (z * Z.of_nat n)).
    { rewrite inject_Z_mult, <- S. field. apply inject_Z_nonzero. lia. }
    exists z. exact (proj1 (inject_Z_injective _ _) H0).
  Qed.

  (** Splitting each product into a part [a] and a part coprime to [n]: [n] divides every
      common multiple of the [a] parts. *)
  Lemma exact_divides_split (a b : list nat -> Z) A :
    (forall p, In p (leaf_paths t 0) -> pprod p = (a p * b p)%Z /\ rel_prime (b p) (Z.of_nat n)
                                          /\ (a p | A)%Z) ->
    (Z.of_nat n | A)%Z.
  Proof using Hn HG Ht.
    intro H. set (B := fold_right (fun p x => b p * x)%Z 1%Z (leaf_paths t 0)).
    assert (HB : forall p, In p (leaf_paths t 0) -> (b p | B)%Z) by (intros; now apply zprod_divides).
    assert (Hrel : rel_prime (Z.of_nat n) B) by (apply zprod_rel_prime; intros; now apply H).
    apply Gauss with B; auto.
    apply exact_divides. intros p Hp. destruct (H p Hp) as (-> & _ & Ha).
    apply Z.divide_trans with (A * b p)%Z; [exact (Z.mul_divide_mono_r _ _ _ Ha)|].
    rewrite Z.mul_comm. exact (Z.mul_divide_mono_r _ _ _ (HB p Hp)).
  Qed.
End ExactFacts.
