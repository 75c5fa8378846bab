(** A tree's probabilities as sums over its leaves: the probability of [j] is the sum of
    [1 / (product of the sizes on the path)] over the leaves that output [j]. Every lower
    bound in [Bounds] is an argument about these sums. *)
From Coq Require Import List Arith ZArith QArith Lia Lqa.
From Optimod Require Import Unary.
Import ListNotations.

(** Induction over trees, with a hypothesis for every subtree of a call. *)
Section TreeInd.
  Variable P : tree -> Prop.
  Hypothesis HOut : forall j, P (Out j).
  Hypothesis HCall : forall m ts, Forall P ts -> P (Call m ts).
  Fixpoint tree_ind' (t : tree) : P t :=
    match t with
    | Out j => HOut j
    | Call m ts =>
        HCall m ts
          ((fix go (l : list tree) : Forall P l :=
              match l with
              | [] => @Forall_nil _ P
              | u :: l' => @Forall_cons _ P u l' (tree_ind' u) (go l')
              end) ts)
    end.
End TreeInd.

(** Sums of rationals over a list. *)
Definition sumQ {A} (f : A -> Q) (l : list A) : Q := fold_right (fun x s => f x + s) 0 l.

Lemma sumQ_app {A} (f : A -> Q) l1 l2 : sumQ f (l1 ++ l2) == sumQ f l1 + sumQ f l2.
Proof.
  induction l1 as [|x l1 IH]; unfold sumQ in *; simpl.
  - ring.
  - rewrite IH. ring.
Qed.

Lemma sumQ_ext {A} (f g : A -> Q) l :
  (forall x, In x l -> f x == g x) -> sumQ f l == sumQ g l.
Proof.
  induction l as [|x l IH]; intro H; unfold sumQ in *; simpl.
  - reflexivity.
  - rewrite (H x (or_introl eq_refl)), IH by (intros y Hy; apply H; now right). reflexivity.
Qed.

Lemma sumQ_map {A B} (f : B -> Q) (h : A -> B) l : sumQ f (map h l) = sumQ (fun x => f (h x)) l.
Proof. induction l as [|x l IH]; unfold sumQ in *; simpl; congruence. Qed.

Lemma sumQ_flat_map {A B} (f : B -> Q) (h : A -> list B) l :
  sumQ f (flat_map h l) == sumQ (fun x => sumQ f (h x)) l.
Proof.
  induction l as [|x l IH]; simpl.
  - reflexivity.
  - rewrite sumQ_app, IH. unfold sumQ at 3. simpl. reflexivity.
Qed.

Lemma sumQ_div {A} (f : A -> Q) l c : sumQ f l / c == sumQ (fun x => f x / c) l.
Proof.
  induction l as [|x l IH]; unfold sumQ in *; simpl.
  - unfold Qdiv. ring.
  - rewrite <- IH. unfold Qdiv. ring.
Qed.

Lemma sumQ_nonneg {A} (f : A -> Q) l : (forall x, In x l -> 0 <= f x) -> 0 <= sumQ f l.
Proof.
  induction l as [|x l IH]; intro H; unfold sumQ in *; simpl.
  - apply Qle_refl.
  - assert (0 <= f x) by (apply H; now left).
    assert (0 <= fold_right (fun x s => f x + s) 0 l) by (apply IH; intros; apply H; now right).
    lra.
Qed.

Lemma sumQ_term_le {A} (f : A -> Q) l y :
  (forall x, In x l -> 0 <= f x) -> In y l -> f y <= sumQ f l.
Proof.
  induction l as [|x l IH]; intros H Hy; [destruct Hy|].
  unfold sumQ; simpl. fold (sumQ f l).
  destruct Hy as [<- | Hy].
  - assert (0 <= sumQ f l) by (apply sumQ_nonneg; intros; apply H; now right). lra.
  - assert (0 <= f x) by (apply H; now left).
    assert (f y <= sumQ f l) by (apply IH; auto; intros; apply H; now right). lra.
Qed.

Lemma sumQ_le {A} (f g : A -> Q) l : (forall x, In x l -> f x <= g x) -> sumQ f l <= sumQ g l.
Proof.
  induction l as [|x l IH]; intro H; unfold sumQ in *; simpl.
  - apply Qle_refl.
  - apply Qplus_le_compat; [apply H; now left | apply IH; intros; apply H; now right].
Qed.

(** The product of the sizes on a path, and the path's reach [1 / product]. *)
Definition pprod (p : list nat) : Z := fold_right (fun g a => Z.of_nat g * a)%Z 1%Z p.
Definition reach (p : list nat) : Q := 1 / inject_Z (pprod p).

(** The paths (sizes from the root down) of the leaves of [t] that output [j]. *)
Fixpoint leaf_paths (t : tree) (j : nat) : list (list nat) :=
  match t with
  | Out k => if Nat.eqb k j then [[]] else []
  | Call m ts => flat_map (fun u => map (cons m) (leaf_paths u j)) ts
  end.

Lemma prob_paths t j : prob t j == sumQ reach (leaf_paths t j).
Proof.
  induction t as [k | m ts IH] using tree_ind'.
  - simpl. destruct (Nat.eqb k j); reflexivity.
  - simpl prob. simpl leaf_paths.
    change (fold_right (fun u s => prob u j + s) 0 ts) with (sumQ (fun u => prob u j) ts).
    rewrite sumQ_flat_map, sumQ_div. apply sumQ_ext. intros u Hu.
    rewrite Forall_forall in IH. rewrite (IH u Hu), sumQ_map, sumQ_div.
    apply sumQ_ext. intros p _. unfold reach, Qdiv. simpl pprod.
    rewrite inject_Z_mult, Qinv_mult_distr. ring.
Qed.

Lemma fold_conj_in (P : tree -> Prop) ts :
  fold_right (fun u A => P u /\ A) True ts -> forall u, In u ts -> P u.
Proof.
  induction ts as [|x ts IH]; simpl; [tauto|].
  intros [Hx Hts] u [<- | Hu]; auto.
Qed.

Lemma depth_child u ts : In u ts -> (depth u <= fold_right (fun u d => Nat.max (depth u) d) 0 ts)%nat.
Proof.
  induction ts as [|x ts IH]; simpl; [tauto|].
  intros [<- | Hu]; [lia | specialize (IH Hu); lia].
Qed.

(** Every path of a well-formed tree calls sizes in [G] and is no longer than the depth. *)
Lemma paths_wf n G t j p :
  well_formed n G t -> In p (leaf_paths t j) -> incl p G /\ (length p <= depth t)%nat.
Proof.
  revert p. induction t as [k | m ts IH] using tree_ind'; intros p Hwf Hp.
  - simpl in Hp. destruct (Nat.eqb k j); simpl in Hp; [|tauto].
    destruct Hp as [<- | []]. split; [intros x [] | simpl; lia].
  - simpl in Hwf. destruct Hwf as (Hm & _ & Hts).
    simpl in Hp. apply in_flat_map in Hp. destruct Hp as (u & Hu & Hp).
    apply in_map_iff in Hp. destruct Hp as (p' & <- & Hp').
    rewrite Forall_forall in IH.
    destruct (IH u Hu p' (fold_conj_in _ _ Hts u Hu) Hp') as [Hincl Hlen].
    split.
    + intros x [<- | Hx]; auto.
    + simpl. pose proof (depth_child u ts Hu). lia.
Qed.

(** Sizes are positive: then every path has a positive product. *)
Definition sizes_ok (G : list nat) : bool := forallb (Nat.ltb 0) G.

Lemma pprod_pos G p : sizes_ok G = true -> incl p G -> (0 < pprod p)%Z.
Proof.
  intros HG Hp. induction p as [|g p IH]; simpl; [lia|].
  unfold sizes_ok in HG. rewrite forallb_forall in HG.
  specialize (HG g (Hp g (or_introl eq_refl))). apply Nat.ltb_lt in HG.
  assert (0 < pprod p)%Z by (apply IH; intros x Hx; apply Hp; now right). nia.
Qed.

Lemma reach_nonneg G p : sizes_ok G = true -> incl p G -> 0 <= reach p.
Proof.
  intros HG Hp. pose proof (pprod_pos G p HG Hp). unfold reach, Qdiv.
  rewrite Qmult_1_l. apply Qinv_le_0_compat. change 0 with (inject_Z 0).
  rewrite <- Zle_Qle. lia.
Qed.
