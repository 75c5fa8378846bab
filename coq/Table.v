(** The certified table as theorems: one theorem for a whole range of moduli, each with the
    primes below it, proved by one computation over a row per modulus ([table_sound]), and
    ranges joined end to end ([table_join]).

    The sizes a chunk's samplers call are certified prime once, as a list ([primes], each
    tested by [prime_b]) held in a set ([listed_size]), instead of once per sampler.

    A row says which argument proves its modulus: [Prime] ([rule_impossible]), [Valuation]
    ([rule_optimal]: a compact witness and the floor of a prime power) or [Fractions3]
    ([fractions_optimal]: a compact witness of depth 3 and the partial-fractions bound). The
    claimed answers are a separate list, compared with the rows' own. *)
From Coq Require Import List Arith NArith ZArith Lia MSetPositive.
From Optimod Require Import Model Primes Fractions.
From Optimod Require Blocks.
Import ListNotations.

Inductive row : Type :=
| Prime
| Valuation (d : nat) (ss : list Blocks.sampler) (p a : N)
| Fractions3 (ss : list Blocks.sampler) (es : list (Z * Z)).

(** [Some d]: [d] calls, optimal; [None]: impossible. *)
Definition answer (r : row) : option nat :=
  match r with Prime => None | Valuation d _ _ _ => Some d | Fractions3 _ _ => Some 3 end.

Definition Claim (n : N) (a : option nat) : Prop :=
  match a with
  | Some d => Optimal n (primes_below n) d
  | None => Impossible n (primes_below n)
  end.

(** * Sizes certified once per chunk *)
Definition prime_set (l : list Z) : PositiveSet.t :=
  fold_right (fun z s => match z with Zpos p => PositiveSet.add p s | _ => s end) PositiveSet.empty l.

Lemma prime_set_in l p : PositiveSet.mem p (prime_set l) = true -> List.In (Zpos p) l.
Proof.
  rewrite PositiveSet.mem_spec. induction l as [|z l IH]; simpl.
  - intro H. now apply PositiveSet.empty_spec in H.
  - destruct z as [|q|q]; intro H; try (right; now apply IH).
    apply PositiveSet.add_spec in H as [-> | H]; [now left | right; now apply IH].
Qed.

Definition listed_size (S : PositiveSet.t) (n r : N) : bool :=
  (r <? n)%N && match r with Npos p => PositiveSet.mem p S | N0 => false end.

Lemma listed_size_below l n : forallb prime_b l = true -> sizes_below (listed_size (prime_set l) n) n.
Proof.
  intros Hl r H. unfold listed_size in H. apply andb_prop in H as [Hlt H]. apply N.ltb_lt in Hlt.
  destruct r as [|p]; [discriminate|]. apply prime_set_in in H.
  rewrite forallb_forall in Hl. specialize (Hl _ H).
  apply in_map, primes_below_spec. split; [exact Hlt | now apply prime_b_sound].
Qed.

(** * Rows *)
Definition row_check (S : PositiveSet.t) (n : N) (r : row) : bool :=
  match r with
  | Prime => (2 <=? n)%N && prime_b (Z.of_N n)
  | Valuation d ss p a => rule_check_with (listed_size S n) n d ss p a
  | Fractions3 ss es => fractions_rule_check_with (listed_size S n) n ss es
  end.

Lemma row_sound l n r :
  forallb prime_b l = true -> row_check (prime_set l) n r = true -> Claim n (answer r).
Proof.
  intro Hl. destruct r; simpl; intro H.
  - now apply rule_impossible.
  - apply rule_optimal_with with (listed_size (prime_set l) n) ss p a; auto. now apply listed_size_below.
  - apply fractions_optimal_with with (listed_size (prime_set l) n) ss es; auto. now apply listed_size_below.
Qed.

Fixpoint rows_check (S : PositiveSet.t) (start : N) (rs : list row) : bool :=
  match rs with
  | [] => true
  | r :: rest => row_check S start r && rows_check S (N.succ start) rest
  end.

Lemma rows_check_nth S start rs i :
  rows_check S start rs = true -> (i < length rs)%nat -> row_check S (start + N.of_nat i) (nth i rs Prime) = true.
Proof.
  revert start i. induction rs as [|r rs IH]; intros start i H Hi; simpl in *; [lia|].
  apply andb_prop in H as [Hr Hrs]. destruct i as [|i]; simpl.
  - now rewrite N.add_0_r.
  - replace (start + N.pos (Pos.of_succ_nat i))%N with (N.succ start + N.of_nat i)%N by lia.
    apply IH; auto. lia.
Qed.

Fixpoint answers_eqb (a b : list (option nat)) : bool :=
  match a, b with
  | [], [] => true
  | x :: a', y :: b' =>
      match x, y with
      | Some d, Some e => Nat.eqb d e
      | None, None => true
      | _, _ => false
      end && answers_eqb a' b'
  | _, _ => false
  end.

Lemma answers_eqb_eq a b : answers_eqb a b = true -> a = b.
Proof.
  revert b. induction a as [|x a IH]; intros [|y b]; simpl; try discriminate; [reflexivity|].
  intro H. apply andb_prop in H as [Hx H]. f_equal; [|now apply IH].
  destruct x, y; try discriminate; [now apply Nat.eqb_eq in Hx as -> | reflexivity].
Qed.

(** Every modulus from [A] to [B] has the claim [answers] lists for it. *)
Definition TableClaim (A B : N) (answers : list (option nat)) : Prop :=
  forall n, (A <= n <= B)%N -> Claim n (nth (N.to_nat (n - A)) answers None).

(** [primes]: the roots the rows' samplers call, each tested once. *)
Definition table_check (A B : N) (answers : list (option nat)) (primes : list Z) (rs : list row) : bool :=
  (A <=? B + 1)%N && (N.of_nat (length rs) =? B + 1 - A)%N
  && answers_eqb (map answer rs) answers && forallb prime_b primes
  && rows_check (prime_set primes) A rs.

Theorem table_sound A B answers primes rs :
  table_check A B answers primes rs = true -> TableClaim A B answers.
Proof.
  unfold table_check. intros H n Hn.
  apply andb_prop in H as [H Hrows]. apply andb_prop in H as [H Hl].
  apply andb_prop in H as [H Hans]. apply andb_prop in H as [HAB Hlen].
  apply N.leb_le in HAB. apply N.eqb_eq in Hlen. apply answers_eqb_eq in Hans. subst answers.
  set (i := N.to_nat (n - A)).
  assert (Hi : (i < length rs)%nat) by (unfold i; lia).
  pose proof (rows_check_nth _ A rs i Hrows Hi) as Hr.
  replace (A + N.of_nat i)%N with n in Hr by (unfold i; lia).
  change (@None nat) with (answer Prime). rewrite (map_nth answer rs Prime i). now apply (row_sound primes).
Qed.

(** Two ranges end to end are one. *)
Theorem table_join A B C a1 a2 :
  TableClaim A B a1 -> TableClaim (N.succ B) C a2 -> N.of_nat (length a1) = (B + 1 - A)%N -> (A <= B + 1)%N ->
  TableClaim A C (a1 ++ a2).
Proof.
  intros H1 H2 Hlen HAB n Hn. destruct (N.le_gt_cases n B) as [Hle | Hgt].
  - rewrite app_nth1 by lia. apply H1. lia.
  - rewrite app_nth2 by lia. replace (N.to_nat (n - A) - length a1)%nat with (N.to_nat (n - N.succ B)) by lia.
    apply H2. lia.
Qed.
