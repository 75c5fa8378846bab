(** Explicit witnesses: a computable exactness check whose [true] proves [Exact], and how a
    certificate with an explicit tree becomes a theorem ([optimal_from]). Compact witnesses
    (divisor blocks) are in [Blocks]. *)
From Coq Require Import List Arith ZArith QArith Lia.
From Optimod Require Import Unary Paths.
Import ListNotations.

Fixpoint wf_b (n : nat) (G : list nat) (t : tree) : bool :=
  match t with
  | Out j => j <? n
  | Call m ts => existsb (Nat.eqb m) G && (length ts =? m) && forallb (wf_b n G) ts
  end.

Lemma wf_b_sound n G t : wf_b n G t = true -> well_formed n G t.
Proof.
  induction t as [j | m ts IH] using tree_ind'; simpl; intro H.
  - now apply Nat.ltb_lt.
  - apply andb_prop in H as [H Hts]. apply andb_prop in H as [Hm Hlen].
    split; [|split].
    + apply existsb_exists in Hm as (x & Hx & E). apply Nat.eqb_eq in E. now subst.
    + now apply Nat.eqb_eq.
    + rewrite forallb_forall in Hts. rewrite Forall_forall in IH. clear Hm Hlen.
      induction ts as [|u ts IHts]; simpl; [exact I|]. split.
      * apply IH; [now left | apply Hts; now left].
      * apply IHts.
        -- intros x Hx. apply IH. now right.
        -- intros x Hx. apply Hts. now right.
Qed.

(** [prob] with each partial sum reduced, so that checking a large tree stays fast. *)
Fixpoint prob_red (t : tree) (j : nat) : Q :=
  match t with
  | Out k => if Nat.eqb k j then 1 else 0
  | Call m ts => Qred (fold_right (fun u s => Qred (prob_red u j + s)) 0 ts / inject_Z (Z.of_nat m))
  end.

Lemma prob_red_ok t j : prob_red t j == prob t j.
Proof.
  induction t as [k | m ts IH] using tree_ind'; cbn [prob_red prob]; [reflexivity|].
  rewrite Qred_correct. apply Qdiv_comp; [|reflexivity].
  rewrite Forall_forall in IH. induction ts as [|u ts IHts]; cbn [fold_right]; [reflexivity|].
  rewrite Qred_correct, IH by (now left). rewrite IHts; [reflexivity|].
  intros; apply IH; now right.
Qed.

Definition exact_b (n : nat) (G : list nat) (t : tree) : bool :=
  wf_b n G t
  && forallb (fun j => Qeq_bool (prob_red t j) (1 / inject_Z (Z.of_nat n))) (seq 0 n).

Lemma exact_b_sound n G t : exact_b n G t = true -> Exact n G t.
Proof.
  unfold exact_b. intro H. apply andb_prop in H as [Hwf Hp]. split; [now apply wf_b_sound|].
  intros j Hj. rewrite forallb_forall in Hp. rewrite <- prob_red_ok.
  apply Qeq_bool_eq, Hp, in_seq. lia.
Qed.

(** * From checks to theorems *)
Lemma optimal_from n G d t :
  exact_b n G t = true -> depth t = d ->
  (forall u, Exact n G u -> (Nat.pred d < depth u)%nat) -> Optimal n G d.
Proof.
  intros He Hd Hlb. split.
  - exists t. split; auto. now apply exact_b_sound.
  - intros u Hu. specialize (Hlb u Hu). lia.
Qed.
