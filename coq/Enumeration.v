(** The exhaustive enumeration: no exact tree of depth at most [d], by listing what every such
    tree looks like once its outputs are forgotten. A tree's leaves, unlabelled, form a bag:
    each leaf product [w] (a leaf of reach [1/w]) with the number of leaves that have it. The
    bags of the trees of depth at most [d] are listed level by level ([shapes]: a call of [m]
    adds up the bags of [m] subtrees, each scaled by [m]; equal bags listed once). A tree is
    exact only if its bag splits into [n] parts, one per output, each of reach [1/n]: in units
    of [1/U] ([U] a common multiple of [n] and the products), a count per product with
    [sum count * U/w = U/n]. [bag_excluded] lists those parts ([combos]) and every sum of [k]
    of them that stays within the bag ([fill]); the bag is ruled out when [n] of them never
    make it. Where the Rust checker follows branches of outputs' demands, this check needs
    only the bag: outputs are interchangeable once the leaves are counted. *)
From Coq Require Import List Arith ZArith QArith Lia Lqa Orders Sorting.Mergesort Permutation.
From Optimod Require Import Unary Paths Exact Bounds RootSplit.
Import ListNotations.
Local Open Scope Z_scope.

(** * Bags of leaf products *)
Definition bag := list (Z * Z).

Fixpoint insert (e : Z * Z) (b : bag) : bag :=
  match b with
  | [] => [e]
  | f :: b' =>
      if fst e =? fst f then (fst f, snd e + snd f) :: b'
      else if fst e <? fst f then e :: b else f :: insert e b'
  end.

Definition bag_add (x y : bag) : bag := fold_right insert y x.
Definition bag_scale (m : Z) (b : bag) : bag := map (fun e => (m * fst e, snd e)) b.
Definition leaf : bag := [(1, 1)].

Definition bcount (b : bag) (w : Z) : Z := zsum (fun e => if fst e =? w then snd e else 0) b.
Definition bvalue (b : bag) : Q := sumQ (fun e => inject_Z (snd e) / inject_Z (fst e))%Q b.
Definition keys (b : bag) : list Z := map fst b.

Lemma bcount_insert e b w :
  bcount (insert e b) w = (if fst e =? w then snd e else 0) + bcount b w.
Proof.
  induction b as [|f b IH]; unfold bcount, zsum in *; cbn [insert fold_right]; [lia|].
  destruct (fst e =? fst f) eqn:E.
  - apply Z.eqb_eq in E. cbn [fold_right fst snd]. rewrite E. destruct (fst f =? w); lia.
  - destruct (fst e <? fst f); cbn [fold_right fst snd]; [lia|]. rewrite IH. lia.
Qed.

Lemma bvalue_insert e b : bvalue (insert e b) == inject_Z (snd e) / inject_Z (fst e) + bvalue b.
Proof.
  induction b as [|f b IH]; unfold bvalue, sumQ in *; cbn [insert fold_right]; [reflexivity|].
  destruct (fst e =? fst f) eqn:E.
  - apply Z.eqb_eq in E. cbn [fold_right fst snd]. rewrite E, inject_Z_plus. unfold Qdiv. ring.
  - destruct (fst e <? fst f); cbn [fold_right fst snd]; [reflexivity|]. rewrite IH. ring.
Qed.

Lemma in_keys_insert e b w : In w (keys (insert e b)) -> w = fst e \/ In w (keys b).
Proof.
  induction b as [|f b IH]; cbn [insert keys map]; [intros [H|[]]; auto|].
  destruct (fst e =? fst f) eqn:E.
  - apply Z.eqb_eq in E. cbn [map fst]. intros [H|H]; [left; congruence|right; now right].
  - destruct (fst e <? fst f); cbn [map]; intros [H|H]; auto.
    + right; now left.
    + destruct (IH H); auto. right; now right.
Qed.

Lemma bcount_add x y w : bcount (bag_add x y) w = bcount x w + bcount y w.
Proof.
  induction x as [|e x IH]; unfold bag_add in *; cbn [fold_right]; [unfold bcount, zsum; cbn [fold_right]; lia|].
  rewrite bcount_insert, IH. unfold bcount, zsum. cbn [fold_right]. lia.
Qed.

Lemma bvalue_add x y : bvalue (bag_add x y) == bvalue x + bvalue y.
Proof.
  induction x as [|e x IH]; unfold bag_add in *; cbn [fold_right]; [unfold bvalue, sumQ; cbn [fold_right]; ring|].
  rewrite bvalue_insert, IH. unfold bvalue, sumQ. cbn [fold_right]. ring.
Qed.

Lemma in_keys_add x y w : In w (keys (bag_add x y)) -> In w (keys x) \/ In w (keys y).
Proof.
  induction x as [|e x IH]; unfold bag_add in *; cbn [fold_right]; [auto|].
  intro H. destruct (in_keys_insert _ _ _ H) as [H1|H1]; [left; now left|].
  destruct (IH H1); [left; now right|auto].
Qed.

Lemma bvalue_scale m b : bvalue (bag_scale m b) == bvalue b / inject_Z m.
Proof.
  induction b as [|e b IH]; unfold bvalue, sumQ, bag_scale in *; cbn [map fold_right]; [unfold Qdiv; ring|].
  rewrite IH. cbn [fst snd].
  rewrite inject_Z_mult. unfold Qdiv. rewrite Qinv_mult_distr. ring.
Qed.

Lemma bcount_scale m b w :
  m <> 0 -> bcount (bag_scale m b) w = if w mod m =? 0 then bcount b (w / m) else 0.
Proof.
  intro Hm. induction b as [|e b IH]; unfold bcount, zsum, bag_scale in *; cbn [map fold_right].
  { destruct (w mod m =? 0); reflexivity. }
  rewrite IH. cbn [fst snd].
  destruct (w mod m =? 0) eqn:E.
  - apply Z.eqb_eq in E. assert (Hw : w = m * (w / m)) by (apply Z_div_exact_full_2; auto).
    replace (m * fst e =? w) with (fst e =? w / m); [lia|].
    remember (w / m) as q. subst w.
    destruct (Z.eqb_spec (fst e) q) as [H1|H1]; destruct (Z.eqb_spec (m * fst e) (m * q)) as [H2|H2]; auto.
    + rewrite H1 in H2. contradiction.
    + apply Z.mul_cancel_l in H2; auto; contradiction.
  - destruct (Z.eqb_spec (m * fst e) w) as [H|H]; [|lia].
    rewrite <- H, Z.mul_comm, Z_mod_mult in E. discriminate.
Qed.

Lemma in_keys_scale m b w : In w (keys (bag_scale m b)) -> exists v, w = m * v /\ In v (keys b).
Proof.
  unfold keys, bag_scale. rewrite map_map. intro H. apply in_map_iff in H as [e [<- He]].
  exists (fst e). split; auto. now apply in_map.
Qed.

(** * The bag of a tree, and of one output's leaves *)
Fixpoint bag_of (t : tree) : bag :=
  match t with
  | Out _ => leaf
  | Call m ts => fold_right (fun u b => bag_add (bag_scale (Z.of_nat m) (bag_of u)) b) [] ts
  end.

Fixpoint bag_for (t : tree) (j : nat) : bag :=
  match t with
  | Out k => if Nat.eqb k j then leaf else []
  | Call m ts => fold_right (fun u b => bag_add (bag_scale (Z.of_nat m) (bag_for u j)) b) [] ts
  end.

Lemma calls_value (f : tree -> bag) m ts :
  bvalue (fold_right (fun u b => bag_add (bag_scale m (f u)) b) [] ts)
  == sumQ (fun u => bvalue (f u)) ts / inject_Z m.
Proof.
  induction ts as [|u ts IH]; cbn [fold_right]; [unfold bvalue, Qdiv; simpl; ring|].
  rewrite bvalue_add, bvalue_scale, IH. change (sumQ ?g (?a :: ?l)) with ((g a + sumQ g l)%Q).
  unfold Qdiv. ring.
Qed.

Lemma prob_bag t j : prob t j == bvalue (bag_for t j).
Proof.
  induction t as [k|m ts IH] using tree_ind'; cbn [prob bag_for].
  - destruct (Nat.eqb k j); unfold bvalue, leaf; simpl; reflexivity.
  - rewrite calls_value. apply Qdiv_comp; [|reflexivity].
    induction IH as [|u ts Hu _ IHts]; cbn [fold_right]; [reflexivity|].
    rewrite IHts, Hu. reflexivity.
Qed.

(** * Sums over lists *)
Lemma zsum_ext {A} (f g : A -> Z) l : (forall x, In x l -> f x = g x) -> zsum f l = zsum g l.
Proof.
  induction l as [|x l IH]; intro H; unfold zsum in *; cbn [fold_right]; [reflexivity|].
  rewrite H by now left. rewrite IH; auto. intros y Hy. apply H. now right.
Qed.

Lemma zsum_plus {A} (f g : A -> Z) l : zsum (fun x => f x + g x) l = zsum f l + zsum g l.
Proof. induction l as [|x l IH]; unfold zsum in *; cbn [fold_right]; lia. Qed.

Lemma zsum_zero {A} (l : list A) : zsum (fun _ => 0) l = 0.
Proof. induction l as [|x l IH]; unfold zsum in *; cbn [fold_right]; lia. Qed.

Lemma zsum_app {A} (f : A -> Z) l1 l2 : zsum f (l1 ++ l2) = zsum f l1 + zsum f l2.
Proof. induction l1 as [|x l IH]; unfold zsum in *; cbn [fold_right app]; lia. Qed.

Lemma zsum_nonneg {A} (f : A -> Z) l : (forall x, In x l -> 0 <= f x) -> 0 <= zsum f l.
Proof.
  induction l as [|x l IH]; intro H; unfold zsum in *; cbn [fold_right]; [lia|].
  specialize (H x (or_introl eq_refl)) as Hx. specialize (IH (fun y Hy => H y (or_intror Hy))). lia.
Qed.

Lemma zsum_swap {A B} (F : A -> B -> Z) la lb :
  zsum (fun a => zsum (fun b => F a b) lb) la = zsum (fun b => zsum (fun a => F a b) la) lb.
Proof.
  induction la as [|a la IH].
  - unfold zsum at 1. cbn [fold_right]. symmetry. apply zsum_zero.
  - unfold zsum at 1. cbn [fold_right]. fold (zsum (fun a => zsum (fun b => F a b) lb) la).
    rewrite IH, <- zsum_plus. reflexivity.
Qed.

(** One output among [0 .. n-1] *)
Lemma zsum_single k s len x :
  (s <= k < s + len)%nat -> zsum (fun j => if Nat.eqb k j then x else 0) (seq s len) = x.
Proof.
  revert s. induction len as [|len IH]; intros s Hk; [lia|]. cbn [seq]. unfold zsum. cbn [fold_right].
  fold (zsum (fun j => if Nat.eqb k j then x else 0) (seq (S s) len)).
  destruct (Nat.eqb_spec k s).
  - rewrite (zsum_ext _ (fun _ => 0)), zsum_zero; [lia|].
    intros j Hj. apply in_seq in Hj. destruct (Nat.eqb_spec k j); [lia|reflexivity].
  - rewrite IH; lia.
Qed.

Lemma sumQ_plus {A} (f g : A -> Q) l : sumQ (fun x => f x + g x)%Q l == (sumQ f l + sumQ g l)%Q.
Proof. induction l as [|x l IH]; unfold sumQ in *; cbn [fold_right]; [ring|]. rewrite IH. ring. Qed.

Lemma sumQ_zero {A} (l : list A) : sumQ (fun _ => 0%Q) l == 0%Q.
Proof. induction l as [|x l IH]; unfold sumQ in *; cbn [fold_right]; [reflexivity|]. rewrite IH. ring. Qed.

Lemma sumQ_scale {A} (f : A -> Q) a l : sumQ (fun x => a * f x)%Q l == (a * sumQ f l)%Q.
Proof. induction l as [|x l IH]; unfold sumQ in *; cbn [fold_right]; [ring|]. rewrite IH. ring. Qed.

Lemma inject_zsum {A} (f : A -> Z) l : inject_Z (zsum f l) == sumQ (fun x => inject_Z (f x)) l.
Proof.
  induction l as [|x l IH]; unfold zsum, sumQ in *; cbn [fold_right]; [reflexivity|].
  rewrite inject_Z_plus, IH. reflexivity.
Qed.

Lemma sumQ_single (W : list Z) x (f : Z -> Q) :
  NoDup W -> In x W -> sumQ (fun w => if x =? w then f w else 0%Q) W == f x.
Proof.
  induction W as [|w W IH]; intros Hnd Hx; [destruct Hx|]. inversion Hnd as [|? ? Hw Hnd']; subst.
  unfold sumQ. cbn [fold_right]. fold (sumQ (fun w => if x =? w then f w else 0%Q) W).
  destruct (Z.eqb_spec x w) as [<-|Hne].
  - rewrite (sumQ_ext _ (fun _ => 0%Q)), sumQ_zero; [ring|].
    intros y Hy. destruct (Z.eqb_spec x y); [subst; contradiction|reflexivity].
  - destruct Hx as [->|Hx]; [contradiction|]. rewrite IH; auto. ring.
Qed.

(** * What a tree's bags satisfy *)
Definition nonneg (b : bag) : Prop := forall e, In e b -> 0 <= snd e.

Lemma nonneg_insert e b : 0 <= snd e -> nonneg b -> nonneg (insert e b).
Proof.
  induction b as [|f b IH]; intros He Hb x Hx; cbn [insert] in Hx; [destruct Hx as [<-|[]]; auto|].
  assert (Hf : 0 <= snd f) by (apply Hb; now left).
  assert (Hb' : nonneg b) by (intros y Hy; apply Hb; now right).
  destruct (fst e =? fst f); [destruct Hx as [<-|Hx]; cbn [snd]; [lia|auto]|].
  destruct (fst e <? fst f); destruct Hx as [<-|Hx]; auto.
  exact (IH He Hb' x Hx).
Qed.

Lemma nonneg_add x y : nonneg x -> nonneg y -> nonneg (bag_add x y).
Proof.
  induction x as [|e x IH]; intros Hx Hy; unfold bag_add; cbn [fold_right]; auto.
  apply nonneg_insert; [apply Hx; now left|]. apply IH; auto. intros z Hz. apply Hx. now right.
Qed.

Lemma nonneg_scale m b : nonneg b -> nonneg (bag_scale m b).
Proof. intros Hb e He. unfold bag_scale in He. apply in_map_iff in He as [f [<- Hf]]. exact (Hb f Hf). Qed.

Lemma nonneg_for t j : nonneg (bag_for t j).
Proof.
  induction t as [k|m ts IH] using tree_ind'; cbn [bag_for].
  - destruct (Nat.eqb k j); intros e He; [destruct He as [<-|[]]; simpl; lia|destruct He].
  - induction IH as [|u ts Hu _ IHts]; cbn [fold_right]; [intros e []|].
    apply nonneg_add; auto. now apply nonneg_scale.
Qed.

Lemma bcount_nonneg b w : nonneg b -> 0 <= bcount b w.
Proof.
  intro Hb. apply zsum_nonneg. intros e He. destruct (fst e =? w); [now apply Hb|lia].
Qed.

Lemma keys_insert_l e b : In (fst e) (keys (insert e b)).
Proof.
  induction b as [|f b IH]; cbn [insert keys map]; [now left|].
  destruct (fst e =? fst f) eqn:E; [apply Z.eqb_eq in E; left; simpl; congruence|].
  destruct (fst e <? fst f); [now left|right; exact IH].
Qed.

Lemma keys_insert_r e b w : In w (keys b) -> In w (keys (insert e b)).
Proof.
  unfold keys. induction b as [|f b IH]; cbn [insert map]; [intros []|]. intro Hw.
  destruct (fst e =? fst f); [|destruct (fst e <? fst f)]; cbn [map fst In] in *; tauto.
Qed.

Lemma keys_add_l x y w : In w (keys x) -> In w (keys (bag_add x y)).
Proof.
  induction x as [|e x IH]; unfold bag_add; cbn [keys map fold_right]; [intros []|].
  intros [<-|Hw]; [apply keys_insert_l|apply keys_insert_r, IH, Hw].
Qed.

Lemma keys_add_r x y w : In w (keys y) -> In w (keys (bag_add x y)).
Proof.
  induction x as [|e x IH]; unfold bag_add; cbn [fold_right]; auto.
  intro Hw. apply keys_insert_r, IH, Hw.
Qed.

Lemma keys_for t j w : In w (keys (bag_for t j)) -> In w (keys (bag_of t)).
Proof.
  revert w. induction t as [k|m ts IH] using tree_ind'; intro w; cbn [bag_for bag_of].
  - destruct (Nat.eqb k j); auto. intros [].
  - induction IH as [|u ts Hu _ IHts]; cbn [fold_right]; [intros []|]. intro Hw.
    destruct (in_keys_add _ _ _ Hw) as [H1|H1].
    + apply keys_add_l. apply in_keys_scale in H1 as [v [-> Hv]].
      apply Hu in Hv. unfold keys in Hv |- *. apply in_map_iff in Hv as [e [<- He]].
      unfold bag_scale. rewrite map_map. apply in_map_iff. exists e. split; [reflexivity|exact He].
    + apply keys_add_r, IHts, H1.
Qed.

Lemma bcount_calls (f : tree -> bag) M ts w :
  bcount (fold_right (fun u b => bag_add (bag_scale M (f u)) b) [] ts) w
  = zsum (fun u => bcount (bag_scale M (f u)) w) ts.
Proof.
  induction ts as [|u ts IH]; cbn [fold_right]; [reflexivity|].
  rewrite bcount_add, IH. reflexivity.
Qed.

(** The leaves of a well-formed tree, counted per product, are those of its outputs. *)
Lemma count_split n G t w :
  sizes_ok G = true -> well_formed n G t ->
  bcount (bag_of t) w = zsum (fun j => bcount (bag_for t j) w) (seq 0 n).
Proof.
  intro HG. revert w. induction t as [k|m ts IH] using tree_ind'; intros w Hwf; cbn [bag_of bag_for].
  - cbn [well_formed] in Hwf.
    rewrite (zsum_ext _ (fun j => if Nat.eqb k j then bcount leaf w else 0)).
    + rewrite zsum_single; [reflexivity|lia].
    + intros j _. destruct (Nat.eqb k j); reflexivity.
  - destruct Hwf as [Hm [_ Hts]].
    assert (HM : Z.of_nat m <> 0) by (pose proof (sizes_pos G m HG Hm); lia).
    rewrite bcount_calls.
    rewrite (zsum_ext (fun j => bcount _ w) (fun j => zsum (fun u => bcount (bag_scale (Z.of_nat m) (bag_for u j)) w) ts))
      by (intros; apply bcount_calls).
    rewrite <- zsum_swap. apply zsum_ext. intros u Hu.
    rewrite !bcount_scale by exact HM.
    rewrite (zsum_ext _ (fun j => if w mod Z.of_nat m =? 0 then bcount (bag_for u j) (w / Z.of_nat m) else 0))
      by (intros; apply bcount_scale, HM).
    rewrite Forall_forall in IH.
    destruct (w mod Z.of_nat m =? 0); [|symmetry; apply zsum_zero].
    apply IH; auto. exact (fold_conj_in _ ts Hts u Hu).
Qed.

(** An output's reach, regrouped by product over keys [W] that hold every product it has. *)
Lemma regroup (b : bag) (W : list Z) :
  NoDup W -> (forall w, In w (keys b) -> In w W) ->
  bvalue b == sumQ (fun w => inject_Z (bcount b w) / inject_Z w)%Q W.
Proof.
  intro Hnd. induction b as [|e b IH]; intro Hk.
  - unfold bvalue, sumQ at 1. cbn [fold_right].
    rewrite (sumQ_ext _ (fun _ => 0%Q)), sumQ_zero; [reflexivity|]. intros w _. reflexivity.
  - unfold bvalue, sumQ at 1. cbn [fold_right]. fold (bvalue b).
    rewrite IH by (intros w Hw; apply Hk; now right).
    rewrite (sumQ_ext (fun w => inject_Z (bcount (e :: b) w) / inject_Z w)%Q (fun w => (if fst e =? w then inject_Z (snd e) / inject_Z w else 0)
                                  + inject_Z (bcount b w) / inject_Z w)%Q).
    + rewrite sumQ_plus, sumQ_single; [reflexivity|exact Hnd|apply Hk; now left].
    + intros w _. unfold bcount, zsum. cbn [fold_right]. fold (bcount b w).
      destruct (fst e =? w); rewrite inject_Z_plus; unfold Qdiv; ring.
Qed.

(** * The shapes: every bag of a tree of depth at most [d] *)
Definition bag_dec : forall x y : bag, {x = y} + {x <> y} := list_eq_dec pair_dec.

(** Bags compared lexicographically, so that a list of them is sorted and its equal bags
    dropped in [n log n] comparisons (a level can hold thousands). *)
Module BagOrder <: Orders.TotalLeBool.
  Definition t := bag.
  Fixpoint leb (x y : t) : bool :=
    match x, y with
    | [], _ => true
    | _ :: _, [] => false
    | e :: x', f :: y' => ZPairOrder.leb e f && (negb (ZPairOrder.leb f e) || leb x' y')
    end.
  Theorem leb_total : forall x y, leb x y = true \/ leb y x = true.
  Proof.
    induction x as [|e x IH]; intros [|f y]; simpl; auto.
    destruct (ZPairOrder.leb e f) eqn:E1, (ZPairOrder.leb f e) eqn:E2; simpl; auto.
    destruct (ZPairOrder.leb_total e f); congruence.
  Qed.
End BagOrder.
Module BagSort := Sort BagOrder.

Definition bag_norm (l : list bag) : list bag := dedup_adjacent bag_dec (BagSort.sort l).

Lemma bag_norm_keeps l a : In a l -> In a (bag_norm l).
Proof.
  intro H. apply dedup_adjacent_keeps. eapply Permutation_in; [apply BagSort.Permuted_sort | exact H].
Qed.

(** The bags of [k] subtrees added up, one from [L] each. *)
Fixpoint sums (k : nat) (L : list bag) : list bag :=
  match k with
  | O => [[]]
  | S k' => bag_norm (flat_map (fun s => map (fun v => bag_add v s) L) (sums k' L))
  end.

Fixpoint shapes (G : list nat) (d : nat) : list bag :=
  match d with
  | O => [leaf]
  | S d' => let L := shapes G d' in leaf :: flat_map (fun m => sums m (map (bag_scale (Z.of_nat m)) L)) G
  end.

Lemma sums_complete (f : tree -> bag) L ts k :
  length ts = k -> (forall u, In u ts -> In (f u) L) ->
  In (fold_right (fun u b => bag_add (f u) b) [] ts) (sums k L).
Proof.
  revert k. induction ts as [|u ts IH]; intros k Hk HL; cbn [length] in Hk; subst k; [now left|].
  cbn [sums fold_right]. apply bag_norm_keeps, in_flat_map.
  exists (fold_right (fun u b => bag_add (f u) b) [] ts). split.
  - apply IH; auto. intros v Hv. apply HL. now right.
  - apply (in_map (fun v => bag_add v _)). apply HL. now left.
Qed.

Lemma shapes_complete n G d t :
  well_formed n G t -> (depth t <= d)%nat -> In (bag_of t) (shapes G d).
Proof.
  revert t. induction d as [|d IH]; intros t Hwf Hd; destruct t as [j|m ts].
  - now left.
  - cbn [depth] in Hd. lia.
  - now left.
  - right. destruct Hwf as [Hm [Hlen Hts]]. apply in_flat_map. exists m. split; auto.
    cbn [bag_of]. apply sums_complete with (f := fun u => bag_scale (Z.of_nat m) (bag_of u)); auto.
    intros u Hu. apply in_map, IH.
    + exact (fold_conj_in _ ts Hts u Hu).
    + pose proof (depth_child u ts Hu). cbn [depth] in Hd. lia.
Qed.

(** * One output's share: counts per product of reach [1/n] *)
(** The count vectors [c] (one count per entry [(w, N)] of [B], at most [N]) with
    [sum c * U/w = T]. *)
Fixpoint combos (U : Z) (B : bag) (T : Z) : list (list Z) :=
  match B with
  | [] => if T =? 0 then [[]] else []
  | e :: B' =>
      let u := U / fst e in
      flat_map (fun x => map (cons x) (combos U B' (T - x * u))) (zrange (Z.min (snd e) (T / u) + 1))
  end.

Lemma in_zrange x k : 0 <= x < k -> In x (zrange k).
Proof.
  intro H. unfold zrange. replace 0 with (Z.of_nat 0) by reflexivity. rewrite zseq_seq.
  replace x with (Z.of_nat (Z.to_nat x)) by lia. apply in_map, in_seq. lia.
Qed.

Lemma combos_complete U B (f : Z * Z -> Z) T :
  (forall e, In e B -> 0 <= f e <= snd e /\ 0 < U / fst e) ->
  zsum (fun e => f e * (U / fst e)) B = T -> In (map f B) (combos U B T).
Proof.
  revert T. induction B as [|e B IH]; intros T Hf HT; unfold zsum in HT; cbn [fold_right] in HT.
  - subst T. now left.
  - fold (zsum (fun e => f e * (U / fst e)) B) in HT. cbn [combos map].
    destruct (Hf e (or_introl eq_refl)) as [[H0 Hn] Hu].
    assert (Hrest : 0 <= zsum (fun e => f e * (U / fst e)) B).
    { apply zsum_nonneg. intros x Hx. destruct (Hf x (or_intror Hx)) as [[? ?] ?]. nia. }
    apply in_flat_map. exists (f e). split.
    + apply in_zrange. split; [lia|]. enough (f e <= T / (U / fst e)) by lia.
      apply Z.div_le_lower_bound; [lia|]. nia.
    + apply in_map. apply IH; [intros x Hx; apply Hf; now right|lia].
Qed.

(** * Sums of [k] shares that stay within the bag's counts *)
Fixpoint vadd (x y : list Z) : list Z :=
  match x, y with a :: x', b :: y' => (a + b) :: vadd x' y' | _, _ => [] end.

Fixpoint vle (x y : list Z) : bool :=
  match x, y with
  | a :: x', b :: y' => (a <=? b) && vle x' y'
  | [], [] => true
  | _, _ => false
  end.

Definition vec_dec : forall x y : list Z, {x = y} + {x <> y} := list_eq_dec Z.eq_dec.

Fixpoint fill (k : nat) (C : list (list Z)) (Nv : list Z) : list (list Z) :=
  match k with
  | O => [map (fun _ => 0) Nv]
  | S k' => nodup vec_dec (filter (fun s => vle s Nv) (flat_map (fun s => map (vadd s) C) (fill k' C Nv)))
  end.

Lemma vadd_map (f g : Z * Z -> Z) B : vadd (map f B) (map g B) = map (fun e => f e + g e) B.
Proof. induction B as [|e B IH]; cbn [map vadd]; [reflexivity|]. now rewrite IH. Qed.

Lemma vle_map (f g : Z * Z -> Z) B : (forall e, In e B -> f e <= g e) -> vle (map f B) (map g B) = true.
Proof.
  induction B as [|e B IH]; intro H; cbn [map vle]; [reflexivity|].
  rewrite IH by (intros x Hx; apply H; now right). rewrite andb_true_r. apply Z.leb_le, H. now left.
Qed.

(** Shares [c j] for the outputs [j < k], each in [C], none negative, adding up to no more than
    the bag's counts: their sum is in [fill k]. *)
Lemma fill_complete (B : bag) C (c : nat -> Z * Z -> Z) k :
  (forall j, (j < k)%nat -> In (map (c j) B) C) ->
  (forall j e, In e B -> 0 <= c j e) ->
  (forall e, In e B -> zsum (fun j => c j e) (seq 0 k) <= snd e) ->
  In (map (fun e => zsum (fun j => c j e) (seq 0 k)) B) (fill k C (map snd B)).
Proof.
  induction k as [|k IH]; intros HC H0 Hle; cbn [fill].
  - left. rewrite map_map. reflexivity.
  - apply nodup_In, filter_In.
    assert (Hs : forall e, zsum (fun j => c j e) (seq 0 (S k)) = zsum (fun j => c j e) (seq 0 k) + c k e).
    { intro e. rewrite seq_S, zsum_app. unfold zsum at 2. cbn [fold_right Nat.add]. lia. }
    split.
    + apply in_flat_map. exists (map (fun e => zsum (fun j => c j e) (seq 0 k)) B). split.
      * apply IH; [intros j Hj; apply HC; lia|exact H0|].
        intros e He. specialize (Hle e He). rewrite Hs in Hle. specialize (H0 k e He). lia.
      * rewrite (map_ext_in _ _ B (fun e He => Hs e)), <- vadd_map. apply in_map, HC. lia.
    + apply vle_map. exact Hle.
Qed.

(** * The check *)
Definition units (n : nat) (B : bag) : Z := fold_right (fun e u => Z.lcm (fst e) u) (Z.of_nat n) B.

(** [B] cannot be split among [n] outputs, each of reach [1/n]. *)
Definition bag_excluded (n : nat) (B : bag) : bool :=
  let U := units n B in
  forallb (fun e => (0 <? fst e) && (U mod fst e =? 0) && (0 <? U / fst e)) B
  && (0 <? Z.of_nat n) && (U mod Z.of_nat n =? 0) && nodupb (keys B)
  && negb (existsb (fun s => if vec_dec s (map snd B) then true else false)
                   (fill n (combos U B (U / Z.of_nat n)) (map snd B))).

(** Every tree of depth at most [d]: its bag is excluded. *)
Definition exhaustive_check (n : nat) (G : list nat) (d : nat) : bool :=
  basics n G && forallb (bag_excluded n) (shapes G d).

(** ** Soundness *)
Lemma count_of_key (B : bag) e : NoDup (keys B) -> In e B -> bcount B (fst e) = snd e.
Proof.
  induction B as [|f B IH]; intros Hnd He; [destruct He|]. inversion Hnd as [|? ? Hf Hnd']; subst.
  unfold bcount. change (zsum ?g (?x :: ?l)) with (g x + zsum g l). cbv beta.
  destruct He as [<-|He].
  - rewrite Z.eqb_refl. rewrite (zsum_ext _ (fun _ => 0)), zsum_zero; [lia|].
    intros x Hx. destruct (Z.eqb_spec (fst x) (fst f)) as [E|]; [|reflexivity].
    exfalso. apply Hf. rewrite <- E. now apply in_map.
  - destruct (Z.eqb_spec (fst f) (fst e)) as [E|]; [|fold (bcount B (fst e)); rewrite IH; auto].
    exfalso. apply Hf. rewrite E. now apply in_map.
Qed.

Section Split.
  Variables (n : nat) (G : list nat) (t : tree).
  Hypothesis Hn : (2 <= n)%nat.
  Hypothesis HG : sizes_ok G = true.
  Hypothesis Hexact : Exact n G t.
  Let B := bag_of t.
  Let U := units n B.
  Let share (j : nat) (e : Z * Z) : Z := bcount (bag_for t j) (fst e).

  Hypothesis Hpos : forall e, In e B -> 0 < fst e /\ U mod fst e = 0 /\ 0 < U / fst e.
  Hypothesis HnU : U mod Z.of_nat n = 0.
  Hypothesis Hnd : NoDup (keys B).

  Lemma share_total e : In e B -> zsum (fun j => share j e) (seq 0 n) = snd e.
  Proof.
    intro He. unfold share. rewrite <- (count_split n G t (fst e) HG (proj1 Hexact)).
    apply count_of_key; auto.
  Qed.

  Lemma share_bound j e : (j < n)%nat -> In e B -> 0 <= share j e <= snd e.
  Proof.
    intros Hj He. rewrite <- (share_total e He).
    assert (H0 : forall i, 0 <= share i e) by (intro; apply bcount_nonneg, nonneg_for).
    split; [apply H0|].
    assert (Hseq : seq 0 n = seq 0 j ++ j :: seq (S j) (n - S j)%nat).
    { replace n with (j + S (n - S j))%nat at 1 by lia. rewrite seq_app. reflexivity. }
    rewrite Hseq, zsum_app. change (zsum ?g (?x :: ?l)) with (g x + zsum g l). cbv beta.
    pose proof (zsum_nonneg (fun i => share i e) (seq 0 j) (fun i _ => H0 i)).
    pose proof (zsum_nonneg (fun i => share i e) (seq (S j) (n - S j)) (fun i _ => H0 i)). lia.
  Qed.

  (** Each output's share has reach [1/n]: in units of [1/U], [U/n]. *)
  Lemma share_units j : (j < n)%nat -> zsum (fun e => share j e * (U / fst e)) B = U / Z.of_nat n.
  Proof.
    intro Hj. apply inject_Z_injective.
    assert (Hq : prob t j == 1 / inject_Z (Z.of_nat n)) by (apply (proj2 Hexact); exact Hj).
    rewrite prob_bag, (regroup _ (keys B)) in Hq; auto.
    2:{ intros w Hw. exact (keys_for t j w Hw). }
    unfold keys in Hq. rewrite sumQ_map in Hq. rewrite inject_zsum.
    assert (HnZ : 0 < Z.of_nat n) by lia.
    assert (HUn : U = Z.of_nat n * (U / Z.of_nat n)) by (apply Z_div_exact_full_2; lia).
    rewrite (sumQ_ext _ (fun e => inject_Z U * (inject_Z (share j e) / inject_Z (fst e)))%Q).
    - rewrite sumQ_scale. unfold share. rewrite Hq.
      assert (E : inject_Z U == inject_Z (Z.of_nat n) * inject_Z (U / Z.of_nat n)) by (rewrite <- inject_Z_mult, <- HUn; reflexivity).
      rewrite E. field. apply inject_Z_nonzero. exact HnZ.
    - intros e He. destruct (Hpos e He) as [Hw [HUw _]].
      assert (HUe : U = fst e * (U / fst e)) by (apply Z_div_exact_full_2; lia).
      assert (E : inject_Z U == inject_Z (fst e) * inject_Z (U / fst e)) by (rewrite <- inject_Z_mult, <- HUe; reflexivity).
      rewrite inject_Z_mult, E. field. apply inject_Z_nonzero. exact Hw.
  Qed.

  Lemma split_found : In (map snd B) (fill n (combos U B (U / Z.of_nat n)) (map snd B)).
  Proof.
    assert (Hm : map (fun e => zsum (fun j => share j e) (seq 0 n)) B = map snd B)
      by (apply map_ext_in; exact share_total).
    rewrite <- Hm at 1. apply fill_complete.
    - intros j Hj. apply combos_complete; [|apply share_units, Hj].
      intros e He. split; [apply share_bound; auto|apply (Hpos e He)].
    - intros j e He. apply bcount_nonneg, nonneg_for.
    - intros e He. rewrite share_total by exact He. lia.
  Qed.
End Split.

Lemma bag_excluded_sound n G t :
  (2 <= n)%nat -> sizes_ok G = true -> Exact n G t -> bag_excluded n (bag_of t) = true -> False.
Proof.
  intros Hn HG Hexact H. unfold bag_excluded in H.
  apply andb_prop in H as [H Hno]. apply andb_prop in H as [H Hnd]. apply andb_prop in H as [H HnU].
  apply andb_prop in H as [Hpos _].
  rewrite forallb_forall in Hpos. apply Z.eqb_eq in HnU. apply nodupb_spec in Hnd.
  apply negb_true_iff in Hno.
  assert (Hin := split_found n G t Hn HG Hexact).
  match type of Hin with ?P -> _ => assert (HP : P) end.
  { intros e He. specialize (Hpos e He). apply andb_prop in Hpos as [Hpos Hq]. apply andb_prop in Hpos as [Hw HUw].
    apply Z.ltb_lt in Hw. apply Z.eqb_eq in HUw. apply Z.ltb_lt in Hq. auto. }
  specialize (Hin HP HnU Hnd).
  assert (Hex : existsb (fun s => if vec_dec s (map snd (bag_of t)) then true else false)
                  (fill n (combos (units n (bag_of t)) (bag_of t) (units n (bag_of t) / Z.of_nat n))
                     (map snd (bag_of t))) = true).
  { apply existsb_exists. eexists. split; [exact Hin|]. destruct (vec_dec _ _); [reflexivity|contradiction]. }
  rewrite Hex in Hno. discriminate.
Qed.

(** No exact tree has depth at most [d]. *)
Theorem exhaustive_sound n G d : exhaustive_check n G d = true -> forall t, Exact n G t -> (d < depth t)%nat.
Proof.
  unfold exhaustive_check. intros H t Hexact. apply andb_prop in H as [Hb Hall].
  apply basics_spec in Hb as [Hn HG].
  destruct (Nat.lt_ge_cases d (depth t)) as [Hlt|Hge]; [exact Hlt|exfalso].
  rewrite forallb_forall in Hall.
  apply (bag_excluded_sound n G t Hn HG Hexact), Hall.
  exact (shapes_complete n G d t (proj1 Hexact) Hge).
Qed.
