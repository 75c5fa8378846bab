(** Compact witnesses proved exact once: a certificate's divisor blocks denote a tree
    ([denote]), and [blocks_check], which only does arithmetic on the samplers (in binary [N],
    linear in the number of samplers and blocks), implies that the tree is exact and how deep
    it is ([blocks_sound]). No tree is ever built to check it.

    A sampler for [t] calls [root] and splits its outcomes, in order, into blocks: [copies]
    blocks of [t / divisor] outcomes each; outcome [i] of a block runs the sampler for
    [divisor] (an output 0 when it is 1) and maps its output [s] to [i + (t / divisor) * s].
    The tree is exact when every sampler's blocks fill its root: [root = sum copies * (t / e)]. *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Unary Paths.
Import ListNotations.

Record block := Block { divisor : N; copies : N }.
Record sampler := Sampler { target : N; root : N; blocks : list block }.

(** * What the samplers denote *)

Fixpoint relabel (f : nat -> nat) (t : tree) : tree :=
  match t with
  | Out j => Out (f j)
  | Call m ts => Call m (map (relabel f) ts)
  end.

(** The tree for [e] among those built so far (the latest first); the leaf [Out 0] for 1. *)
Definition lookup (built : list (N * tree)) (e : N) : tree :=
  match find (fun x => N.eqb (fst x) e) built with Some x => snd x | None => Out 0 end.

Definition block_children (built : list (N * tree)) (t : N) (b : block) : list tree :=
  let stride := N.to_nat (t / divisor b) in
  let sub := lookup built (divisor b) in
  concat (repeat (map (fun i => relabel (fun s => i + stride * s)%nat sub) (seq 0 stride))
                 (N.to_nat (copies b))).

Definition build_sampler (built : list (N * tree)) (s : sampler) : tree :=
  Call (N.to_nat (root s)) (flat_map (block_children built (target s)) (blocks s)).

Fixpoint build_all (built : list (N * tree)) (ss : list sampler) : list (N * tree) :=
  match ss with
  | [] => built
  | s :: rest => build_all ((target s, build_sampler built s) :: built) rest
  end.

(** The tree of the last sampler. *)
Definition denote (ss : list sampler) : tree :=
  match build_all [(1%N, Out 0)] ss with
  | (_, t) :: _ => t
  | [] => Out 0
  end.

(** * The check: arithmetic on the samplers only *)

(** The depth bound of the sampler for [e] among those checked so far (the latest first). *)
Definition known_depth (known : list (N * N)) (e : N) : option N :=
  match find (fun x => N.eqb (fst x) e) known with Some x => Some (snd x) | None => None end.

(** A block of the sampler for [t]: its divisor divides [t] and has a sampler; the depth of
    that sampler. *)
Definition block_depth (known : list (N * N)) (t : N) (b : block) : option N :=
  if (divisor b =? 0)%N || negb (t mod divisor b =? 0)%N then None else known_depth known (divisor b).

Fixpoint blocks_depth (known : list (N * N)) (t : N) (bs : list block) : option N :=
  match bs with
  | [] => Some 0%N
  | b :: rest =>
      match block_depth known t b, blocks_depth known t rest with
      | Some d, Some d' => Some (N.max d d')
      | _, _ => None
      end
  end.

Definition filled (t : N) (bs : list block) : N :=
  fold_right (fun b s => copies b * (t / divisor b) + s)%N 0%N bs.

(** One sampler: its root is a size, positive, filled exactly by its blocks; its depth. *)
Definition sampler_depth (sizes : N -> bool) (known : list (N * N)) (s : sampler) : option N :=
  if sizes (root s) && (0 <? root s)%N && (filled (target s) (blocks s) =? root s)%N then
    option_map N.succ (blocks_depth known (target s) (blocks s))
  else None.

Fixpoint samplers_depth (sizes : N -> bool) (known : list (N * N)) (ss : list sampler)
  : option (list (N * N)) :=
  match ss with
  | [] => Some known
  | s :: rest =>
      match sampler_depth sizes known s with
      | Some d => samplers_depth sizes ((target s, d) :: known) rest
      | None => None
      end
  end.

(** Every sampler checks and the last one's target is [n]: the depth bound of its tree. *)
Definition blocks_check (sizes : N -> bool) (n : N) (ss : list sampler) : option N :=
  match samplers_depth sizes [(1%N, 0%N)] ss with
  | Some ((t, d) :: _) => if (t =? n)%N then Some d else None
  | _ => None
  end.

(** Membership in an explicit list of sizes. *)
Definition in_sizes (G : list nat) (r : N) : bool := existsb (fun g => N.eqb (N.of_nat g) r) G.

Lemma in_sizes_ok G r : in_sizes G r = true -> In (N.to_nat r) G.
Proof.
  unfold in_sizes. rewrite existsb_exists. intros (g & Hg & E).
  apply N.eqb_eq in E. subst. now rewrite Nat2N.id.
Qed.

(** * Relabelled trees *)

Lemma sumQ_zero {A} (f : A -> Q) l : (forall x, In x l -> f x == 0) -> sumQ f l == 0.
Proof.
  induction l as [|x l IH]; intro H; unfold sumQ in *; simpl; [reflexivity|].
  rewrite (H x (or_introl eq_refl)), IH by (intros; apply H; now right). ring.
Qed.

Lemma prob_call m ts j : prob (Call m ts) j = sumQ (fun u => prob u j) ts / inject_Z (Z.of_nat m).
Proof. reflexivity. Qed.

Lemma fold_conj_intro (P : tree -> Prop) ts :
  (forall u, In u ts -> P u) -> fold_right (fun u A => P u /\ A) True ts.
Proof.
  induction ts as [|x ts IH]; simpl; [tauto|].
  intro H. split; [apply H; now left | apply IH; intros; apply H; now right].
Qed.

(** A well-formed tree has no mass outside its outputs. *)
Lemma prob_outside n G t j : well_formed n G t -> (n <= j)%nat -> prob t j == 0.
Proof.
  induction t as [k | m ts IH] using tree_ind'; intros Hwf Hj.
  - simpl in Hwf. simpl. destruct (Nat.eqb_spec k j); [lia | reflexivity].
  - rewrite prob_call. destruct Hwf as (_ & _ & Hts). rewrite Forall_forall in IH.
    rewrite sumQ_zero; [unfold Qdiv; ring|].
    intros u Hu. apply IH; auto. exact (fold_conj_in _ _ Hts u Hu).
Qed.

Section Relabel.
  Variable f : nat -> nat.
  Hypothesis f_inj : forall a b, f a = f b -> a = b.

  Lemma prob_relabel_hit t k : prob (relabel f t) (f k) == prob t k.
  Proof.
    induction t as [j | m ts IH] using tree_ind'.
    - simpl. destruct (Nat.eqb_spec (f j) (f k)), (Nat.eqb_spec j k); try reflexivity.
      + apply f_inj in e. contradiction.
      + subst. contradiction.
    - simpl relabel. rewrite !prob_call, sumQ_map. apply Qdiv_comp; [|reflexivity].
      apply sumQ_ext. intros u Hu. rewrite Forall_forall in IH. now apply IH.
  Qed.
End Relabel.

Lemma prob_relabel_miss f t j : (forall k, f k <> j) -> prob (relabel f t) j == 0.
Proof.
  intro Hf. induction t as [k | m ts IH] using tree_ind'.
  - simpl. destruct (Nat.eqb_spec (f k) j); [now destruct (Hf k) | reflexivity].
  - simpl relabel. rewrite prob_call, sumQ_map, sumQ_zero; [unfold Qdiv; ring|].
    intros u Hu. rewrite Forall_forall in IH. now apply IH.
Qed.

Lemma wf_relabel f n n' G t :
  well_formed n G t -> (forall k, (k < n)%nat -> (f k < n')%nat) -> well_formed n' G (relabel f t).
Proof.
  intros Hwf Hf. induction t as [k | m ts IH] using tree_ind'; simpl in *; [auto|].
  destruct Hwf as (Hm & Hlen & Hts). split; [exact Hm|]. split; [now rewrite map_length|].
  apply fold_conj_intro. intros u Hu. apply in_map_iff in Hu as (v & <- & Hv).
  rewrite Forall_forall in IH. apply IH; auto. exact (fold_conj_in _ _ Hts v Hv).
Qed.

Lemma max_depth_le ts D :
  (forall u, In u ts -> (depth u <= D)%nat) -> (fold_right (fun u d => Nat.max (depth u) d) 0 ts <= D)%nat.
Proof.
  induction ts as [|x ts IH]; simpl; intro H; [lia|].
  apply Nat.max_lub; [apply H; now left | apply IH; intros; apply H; now right].
Qed.

Lemma depth_relabel f t : depth (relabel f t) = depth t.
Proof.
  induction t as [k | m ts IH] using tree_ind'; simpl; [reflexivity|]. f_equal.
  rewrite Forall_forall in IH. induction ts as [|x ts IHts]; simpl; [reflexivity|].
  rewrite IH by (now left). rewrite IHts; [reflexivity|]. intros; apply IH; now right.
Qed.

(** * Sums over a block's children *)

Lemma sumQ_single {A} (f : A -> Q) l a :
  NoDup l -> In a l -> (forall x, In x l -> x <> a -> f x == 0) -> sumQ f l == f a.
Proof.
  induction l as [|x l IH]; intros Hnd Ha H; [destruct Ha|].
  inversion Hnd as [|? ? Hx Hnd']; subst. change (sumQ f (x :: l)) with (f x + sumQ f l).
  destruct Ha as [<- | Ha].
  - assert (Z : sumQ f l == 0).
    { apply sumQ_zero. intros y Hy. apply H; [now right|]. intro E. subst. contradiction. }
    rewrite Z. ring.
  - assert (Z : f x == 0) by (apply H; [now left | intro E; subst; contradiction]).
    assert (R : sumQ f l == f a).
    { apply IH; auto. intros y Hy. apply H. now right. }
    rewrite Z, R. ring.
Qed.

Lemma sumQ_repeat {A} (f : A -> Q) l c :
  sumQ f (concat (repeat l c)) == inject_Z (Z.of_nat c) * sumQ f l.
Proof.
  induction c as [|c IH]; simpl; [unfold sumQ; simpl; ring|].
  rewrite sumQ_app, IH, Zpos_P_of_succ_nat, <- Z.add_1_l, inject_Z_plus. ring.
Qed.

Lemma length_repeat_concat {A} (l : list A) c : length (concat (repeat l c)) = (c * length l)%nat.
Proof. induction c as [|c IH]; simpl; [reflexivity|]. rewrite app_length, IH. lia. Qed.

(** One copy of a block: the [stride] relabelled copies of a sampler for [e] give [j] (below
    [stride * e]) the mass that the sampler gives [j / stride]. *)
Lemma one_copy_mass sub stride j :
  (0 < stride)%nat ->
  sumQ (fun u => prob u j) (map (fun i => relabel (fun s => i + stride * s)%nat sub) (seq 0 stride))
  == prob sub (j / stride).
Proof.
  intro Hs. rewrite sumQ_map.
  rewrite (sumQ_single _ _ (j mod stride)); [| apply seq_NoDup | apply in_seq; split; [lia|];
                                            simpl; apply Nat.mod_upper_bound; lia |].
  - set (F := fun s => (j mod stride + stride * s)%nat).
    assert (E : F (j / stride)%nat = j) by (unfold F; pose proof (Nat.div_mod_eq j stride); lia).
    rewrite <- E at 1. apply prob_relabel_hit.
    intros a b H. unfold F in H. apply (Nat.mul_cancel_l a b stride); lia.
  - intros i Hi Hne. apply in_seq in Hi. apply prob_relabel_miss. intros k E.
    apply Hne. subst j. rewrite Nat.mul_comm, Nat.mod_add, Nat.mod_small; lia.
Qed.

(** * One sampler *)

(** What the check knows about the sampler for [e]: its tree is exact for [e] over [G] and no
    deeper than [d]. *)
Definition good (G : list nat) (e : N) (t : tree) (d : N) : Prop :=
  well_formed (N.to_nat e) G t /\
  (forall j, (j < N.to_nat e)%nat -> prob t j == 1 / inject_Z (Z.of_nat (N.to_nat e))) /\
  (depth t <= N.to_nat d)%nat.

(** The samplers built and those checked are the same, in the same order. *)
Definition agree (G : list nat) (built : list (N * tree)) (known : list (N * N)) : Prop :=
  map fst built = map fst known /\
  forall e d, known_depth known e = Some d -> good G e (lookup built e) d.

Lemma agree_init G : agree G [(1%N, Out 0)] [(1%N, 0%N)].
Proof.
  split; [reflexivity|]. intros e d. unfold known_depth, lookup. cbn [find fst snd].
  destruct (N.eqb_spec 1 e) as [<- | _]; intro E; [|discriminate].
  injection E as <-. repeat split; simpl.
  - lia.
  - intros j Hj. assert (j = 0%nat) as -> by lia. reflexivity.
  - lia.
Qed.

Lemma agree_cons G built known t tr d :
  agree G built known -> good G t tr d -> agree G ((t, tr) :: built) ((t, d) :: known).
Proof.
  intros [Hk H] Hg. split; [simpl; now f_equal|]. intros e d'. unfold known_depth, lookup. cbn [find fst snd].
  destruct (N.eqb_spec t e) as [<- | _].
  - intro E. injection E as <-. exact Hg.
  - apply H.
Qed.

Lemma block_depth_ok G built known t b d :
  agree G built known -> block_depth known t b = Some d ->
  (0 < divisor b)%N /\ (t = divisor b * (t / divisor b))%N /\ good G (divisor b) (lookup built (divisor b)) d.
Proof.
  intros [_ H]. unfold block_depth. intro Hd.
  destruct (N.eqb_spec (divisor b) 0); simpl in Hd; [discriminate|].
  destruct (N.eqb_spec (t mod divisor b) 0) as [Hm|]; simpl in Hd; [|discriminate].
  split; [lia|]. split; [|now apply H].
  apply N.div_exact; auto.
Qed.

Lemma blocks_depth_ok known t bs D b :
  blocks_depth known t bs = Some D -> In b bs -> exists d, block_depth known t b = Some d /\ (d <= D)%N.
Proof.
  revert D. induction bs as [|c bs IH]; simpl; intros D HD Hb; [destruct Hb|].
  destruct (block_depth known t c) as [dc|] eqn:Ec; [|discriminate].
  destruct (blocks_depth known t bs) as [dr|] eqn:Er; [|discriminate]. injection HD as <-.
  destruct Hb as [<- | Hb].
  - exists dc. split; auto. lia.
  - destruct (IH dr eq_refl Hb) as (d & Hd & Hle). exists d. split; auto. lia.
Qed.

(** The children of a block: the relabelled copies of a sampler for [e], [stride] each. *)
Lemma block_child G built known t b d u :
  agree G built known -> block_depth known t b = Some d -> In u (block_children built t b) ->
  well_formed (N.to_nat t) G u /\ (depth u <= N.to_nat d)%nat.
Proof.
  intros Ha Hb Hu. destruct (block_depth_ok G built known t b d Ha Hb) as (He & Ht & Hwf & _ & Hdep).
  unfold block_children in Hu. apply in_concat in Hu as (l & Hl & Hu).
  apply repeat_spec in Hl. subst l. apply in_map_iff in Hu as (i & <- & Hi). apply in_seq in Hi.
  rewrite depth_relabel. split; [|exact Hdep].
  apply wf_relabel with (N.to_nat (divisor b)); [exact Hwf|].
  intros k Hk. rewrite Ht at 2. rewrite N2Nat.inj_mul. nia.
Qed.

Definition block_outcomes (t : N) (b : block) : nat := (N.to_nat (copies b) * N.to_nat (t / divisor b))%nat.

Lemma filled_nat t bs : N.to_nat (filled t bs) = fold_right (fun b s => block_outcomes t b + s)%nat 0%nat bs.
Proof.
  induction bs as [|b bs IH]; simpl; [reflexivity|].
  rewrite N2Nat.inj_add, N2Nat.inj_mul, IH. reflexivity.
Qed.

Lemma children_length built t bs :
  length (flat_map (block_children built t) bs) = fold_right (fun b s => block_outcomes t b + s)%nat 0%nat bs.
Proof.
  induction bs as [|b bs IH]; simpl; [reflexivity|].
  rewrite app_length, IH. unfold block_children, block_outcomes.
  rewrite length_repeat_concat, map_length, seq_length. reflexivity.
Qed.

Lemma inject_nat_nonzero k : (0 < k)%nat -> ~ inject_Z (Z.of_nat k) == 0.
Proof. intros H E. pose proof (proj1 (inject_Z_injective (Z.of_nat k) 0) E). lia. Qed.

(** A block's children give every output below [t] the mass [outcomes / t]. *)
Lemma block_mass G built known t b d j :
  agree G built known -> block_depth known t b = Some d -> (j < N.to_nat t)%nat ->
  sumQ (fun u => prob u j) (block_children built t b)
  == inject_Z (Z.of_nat (block_outcomes t b)) / inject_Z (Z.of_nat (N.to_nat t)).
Proof.
  intros Ha Hb Hj. destruct (block_depth_ok G built known t b d Ha Hb) as (He & Ht & _ & Hp & _).
  unfold block_children, block_outcomes.
  set (e := N.to_nat (divisor b)) in *. set (st := N.to_nat (t / divisor b)).
  assert (Hts : N.to_nat t = (e * st)%nat) by (unfold e, st; rewrite Ht at 1; apply N2Nat.inj_mul).
  assert (He' : (0 < e)%nat) by (unfold e; lia).
  assert (Hst : (0 < st)%nat) by (destruct st; lia).
  rewrite sumQ_repeat, one_copy_mass by exact Hst.
  rewrite Hp by (apply Nat.div_lt_upper_bound; lia).
  rewrite Hts, !Nat2Z.inj_mul, !inject_Z_mult.
  pose proof (inject_nat_nonzero e He'). pose proof (inject_nat_nonzero st Hst). field. auto.
Qed.

Lemma sumQ_over {A} (g : A -> nat) T l :
  sumQ (fun x => inject_Z (Z.of_nat (g x)) / T) l
  == inject_Z (Z.of_nat (fold_right (fun x s => g x + s)%nat 0%nat l)) / T.
Proof.
  induction l as [|x l IH]; unfold sumQ in *; simpl; [unfold Qdiv; ring|].
  rewrite IH, Nat2Z.inj_add, inject_Z_plus. unfold Qdiv. ring.
Qed.

Lemma sampler_good G (sizes : N -> bool) built known s d :
  (forall r, sizes r = true -> In (N.to_nat r) G) -> agree G built known ->
  sampler_depth sizes known s = Some d -> good G (target s) (build_sampler built s) d.
Proof.
  intros HG Ha. unfold sampler_depth.
  destruct (sizes (root s)) eqn:Hr; simpl; [|discriminate].
  destruct (N.ltb_spec 0 (root s)) as [Hpos|]; simpl; [|discriminate].
  destruct (N.eqb_spec (filled (target s) (blocks s)) (root s)) as [Hf|]; simpl; [|discriminate].
  destruct (blocks_depth known (target s) (blocks s)) as [D|] eqn:HD; simpl; [|discriminate].
  intro E. injection E as <-.
  assert (Hsum : fold_right (fun b s0 => block_outcomes (target s) b + s0)%nat 0%nat (blocks s) = N.to_nat (root s))
    by (rewrite <- filled_nat; now f_equal).
  assert (Hchild : forall u, In u (flat_map (block_children built (target s)) (blocks s)) ->
                     well_formed (N.to_nat (target s)) G u /\ (depth u <= N.to_nat D)%nat).
  { intros u Hu. apply in_flat_map in Hu as (b & Hb & Hu).
    destruct (blocks_depth_ok _ _ _ _ b HD Hb) as (db & Hdb & Hle).
    destruct (block_child G built known _ b db u Ha Hdb Hu) as [Hw Hdep]. split; [exact Hw | lia]. }
  unfold good, build_sampler. split; [|split].
  - simpl. split; [now apply HG|]. split; [now rewrite children_length|].
    apply fold_conj_intro. intros u Hu. now apply Hchild.
  - intros j Hj. rewrite prob_call, sumQ_flat_map.
    rewrite (sumQ_ext _ (fun b => inject_Z (Z.of_nat (block_outcomes (target s) b))
                                     / inject_Z (Z.of_nat (N.to_nat (target s))))).
    + rewrite sumQ_over, Hsum. assert (Hm : (0 < N.to_nat (root s))%nat) by lia.
      pose proof (inject_nat_nonzero _ Hm).
      assert (Ht : (0 < N.to_nat (target s))%nat) by lia. pose proof (inject_nat_nonzero _ Ht).
      field. auto.
    + intros b Hb. destruct (blocks_depth_ok _ _ _ _ b HD Hb) as (db & Hdb & _).
      exact (block_mass G built known _ b db j Ha Hdb Hj).
  - simpl. rewrite N2Nat.inj_succ. apply le_n_S, max_depth_le. intros u Hu. now apply Hchild.
Qed.

(** * Every sampler, and the theorem *)

Lemma samplers_agree G sizes ss : forall built known known',
  (forall r, sizes r = true -> In (N.to_nat r) G) -> agree G built known ->
  samplers_depth sizes known ss = Some known' -> agree G (build_all built ss) known'.
Proof.
  induction ss as [|s ss IH]; intros built known known' HG Ha H; simpl in H.
  - injection H as <-. exact Ha.
  - destruct (sampler_depth sizes known s) as [d|] eqn:Hd; [|discriminate].
    simpl. apply (IH _ ((target s, d) :: known)); auto.
    apply agree_cons; auto. exact (sampler_good G sizes built known s d HG Ha Hd).
Qed.

(** The compact witness theorem: when the arithmetic on the samplers checks, the tree they
    denote is exact for [n] and at most [d] calls deep. *)
Theorem blocks_sound G sizes n ss d :
  (forall r, sizes r = true -> In (N.to_nat r) G) -> blocks_check sizes n ss = Some d ->
  Exact (N.to_nat n) G (denote ss) /\ (depth (denote ss) <= N.to_nat d)%nat.
Proof.
  intros HG. unfold blocks_check.
  destruct (samplers_depth sizes [(1%N, 0%N)] ss) as [known|] eqn:Hk; [|discriminate].
  destruct known as [|[t d0] known]; [discriminate|].
  destruct (N.eqb_spec t n) as [<- | _]; [|discriminate]. intro E. injection E as Ed. subst d0.
  destruct (samplers_agree G sizes ss _ _ _ HG (agree_init G) Hk) as [Hkeys H].
  unfold denote. destruct (build_all [(1%N, Out 0)] ss) as [|[t' tr] built] eqn:Hb; [discriminate|].
  simpl in Hkeys. injection Hkeys as -> _.
  assert (Hd : known_depth ((t, d) :: known) t = Some d) by (unfold known_depth; simpl; now rewrite N.eqb_refl).
  specialize (H t d Hd). unfold lookup in H. simpl in H. rewrite N.eqb_refl in H. simpl in H.
  destruct H as (Hw & Hp & Hdep). split; [split|]; auto.
Qed.

(** The certificate's theorem from a witness no deeper than [d] and the bound below [d]. *)
Lemma optimal_from_le n G d t :
  Exact n G t -> (depth t <= d)%nat ->
  (forall u, Exact n G u -> (Nat.pred d < depth u)%nat) -> Optimal n G d.
Proof.
  intros He Hd Hlb. pose proof (Hlb t He). split.
  - exists t. split; auto. lia.
  - intros u Hu. specialize (Hlb u Hu). lia.
Qed.

(** How an exported compact certificate becomes a theorem: its samplers check for [n] with
    depth bound [d], and no exact tree makes fewer than [d] calls. *)
Lemma optimal_blocks n G d ss :
  blocks_check (in_sizes G) (N.of_nat n) ss = Some (N.of_nat d) ->
  (forall u, Exact n G u -> (Nat.pred d < depth u)%nat) -> Optimal n G d.
Proof.
  intros Hc Hlb. destruct (blocks_sound G (in_sizes G) _ ss _ (in_sizes_ok G) Hc) as [He Hd].
  rewrite Nat2N.id in He, Hd. exact (optimal_from_le n G d (denote ss) He Hd Hlb).
Qed.
