(** One generator size m (docs/model.md section 7, fact 7): Knuth and Yao's optimum, over every
    strategy. With one size, an output's probability within k calls is a multiple of [1/m^k]
    and at most [1/n], so at most [floor(m^k/n)/m^k]; hence [Pr[more than k calls] >=
    (m^k mod n)/m^k] for every exact strategy ([Pending.beyond_floor] with L = m). The Fast
    Dice Roller, the pool automaton of [Pools.v] whose every pool calls m, leaves exactly that
    pending ([fdr_beyond]) and is exact ([fdr_exact], from [pool_exact]). The value
    [e = sum_k (m^k mod n)/m^k] is certified by numbers [w r] on the orbit of 1 under
    [r -> r m mod n] with [w r = r + w (r m mod n) / m] ([ky_check]), which pin the tail after
    K terms to [w (m^K mod n) / m^K]: [ky_optimal] proves [OptimalExpected n [m] e]. *)
From Coq Require Import List Arith NArith ZArith QArith Lia Lqa.
From Optimod Require Import Strategies Expected Pending Pools.
Require Optimod.Paths.
Import ListNotations.
Local Open Scope Q_scope.

Lemma one_size m : (2 <= m)%N -> forall g, In g [m] -> (0 < g)%N /\ (g | m)%N.
Proof. intros Hm g [<-|[]]. split; [lia | exists 1%N; lia]. Qed.

Section OneSize.
  Variables (n m : N).
  Hypothesis Hn : (2 <= n)%N.
  Hypothesis Hm : (2 <= m)%N.

  (** * The Fast Dice Roller: a pool automaton with one size *)
  Definition one (_ : N) : N := m.
  Definition fdr_strategy : strategy := pool_strategy n one.

  Lemma one_ok u : (2 <= one u)%N /\ In (one u) [m].
  Proof. split; [exact Hm | now left]. Qed.

  Theorem fdr_exact : ExactS n [m] fdr_strategy.
  Proof. exact (pool_exact n [m] one Hn one_ok). Qed.

  (** From a pool of u values below n, what is pending after k calls is [(u m^k mod n)/m^k]. *)
  Lemma bsum_closed u k : (u < n)%N -> bsum n one u k == qN (u * m ^ N.of_nat k mod n) / power m k.
  Proof.
    revert u. induction k as [|k IH]; intros u Hu.
    { rewrite bsum_zero. rewrite N.mul_1_r, N.mod_small by exact Hu. unfold power, qN. simpl. field. }
    rewrite (bsum_succ n one Hn), IH by (apply N.mod_lt; lia). change (one u) with m.
    assert (Hpow : ((u * m mod n) * m ^ N.of_nat k mod n = u * m ^ N.of_nat (S k) mod n)%N).
    { rewrite N.mul_mod_idemp_l by lia. rewrite Nat2N.inj_succ, N.pow_succ_r', N.mul_assoc. reflexivity. }
    rewrite Hpow, power_succ. pose proof (power_pos m k ltac:(lia)). field. split; [lra | apply qN_nonzero; lia].
  Qed.

  Lemma fdr_beyond k : beyond fdr_strategy [] k == qN (m ^ N.of_nat k mod n) / power m k.
  Proof. unfold fdr_strategy. rewrite pool_beyond, bsum_closed by lia. rewrite N.mul_1_l. reflexivity. Qed.
End OneSize.

(** * The value, certified *)

(** [ws] lists [(r, w r)] for the r reached from 1 by [r -> r m mod n], each [w r >= 0] with
    [w r = r + w (r m mod n) / m], and [w 1 = e]: then [w 1] is [sum_k (m^k mod n)/m^k]. *)
Definition ky_check (n m : N) (e : Q) (ws : list (N * Q)) : bool :=
  (2 <=? n)%N && (2 <=? m)%N
  && match lookup ws 1 with Some w => Qeq_bool w e | None => false end
  && forallb (fun p =>
       (fst p <? n)%N && Qle_bool 0 (snd p)
       && match lookup ws (fst p * m mod n) with
          | Some w' => Qeq_bool (snd p) (qN (fst p) + w' / qN m)
          | None => false
          end) ws.

Section Certified.
  Variables (n m : N) (e : Q) (ws : list (N * Q)).
  Hypothesis Hcheck : ky_check n m e ws = true.

  Lemma check_parts :
    (2 <= n)%N /\ (2 <= m)%N /\ (exists w, lookup ws 1 = Some w /\ w == e)
    /\ forall r w, In (r, w) ws ->
         (r < n)%N /\ 0 <= w /\ exists w', lookup ws (r * m mod n) = Some w' /\ w == qN r + w' / qN m.
  Proof.
    unfold ky_check in Hcheck. apply andb_prop in Hcheck as [H Hall]. apply andb_prop in H as [H H1].
    apply andb_prop in H as [Hn Hm]. apply N.leb_le in Hn. apply N.leb_le in Hm.
    split; [exact Hn|]. split; [exact Hm|]. split.
    - destruct (lookup ws 1) as [w|]; [|discriminate]. exists w. split; [reflexivity | now apply Qeq_bool_eq].
    - intros r w Hin. rewrite forallb_forall in Hall. specialize (Hall _ Hin). simpl in Hall.
      apply andb_prop in Hall as [H2 H3]. apply andb_prop in H2 as [Hr Hw].
      split; [now apply N.ltb_lt|]. split; [now apply Qle_bool_imp_le|].
      destruct (lookup ws (r * m mod n)) as [w'|]; [|discriminate]. exists w'.
      split; [reflexivity | now apply Qeq_bool_eq].
  Qed.

  (** After K terms the rest of the sum is [w (m^K mod n) / m^K]. *)
  Lemma ky_tail K : exists w, In (m ^ N.of_nat K mod n, w)%N ws /\ pending_sum n m K + w / power m K == e.
  Proof.
    destruct check_parts as (Hn & Hm & (w1 & H1 & E1) & Hall).
    induction K as [|K IH].
    - exists w1. simpl. rewrite N.mod_small by lia. split; [now apply lookup_in|].
      unfold power, qN. simpl. rewrite <- E1. field.
    - destruct IH as (w & Hin & Hsum). destruct (Hall _ _ Hin) as (Hr & Hw & w' & Hl & Ew).
      exists w'. split.
      + rewrite Nat2N.inj_succ, N.pow_succ_r', N.mul_comm, <- N.mul_mod_idemp_l by lia. now apply lookup_in.
      + simpl. rewrite <- Hsum, Ew, power_succ. pose proof (power_pos m K ltac:(lia)). field.
        split; [apply qN_nonzero; lia | lra].
  Qed.

  Theorem ky_optimal : OptimalExpected n [m] e.
  Proof.
    destruct check_parts as (Hn & Hm & _ & Hall).
    assert (Hnn : forall p, In p ws -> 0 <= snd p) by (intros [r w] Hin; apply (Hall r w Hin)).
    split.
    - exists (fdr_strategy n m). split; [exact (fdr_exact n m Hn Hm)|]. intro K.
      assert (Hc : calls_upto (fdr_strategy n m) K == pending_sum n m K).
      { induction K as [|K IH]; simpl; [reflexivity|]. rewrite IH, (fdr_beyond n m Hn Hm). reflexivity. }
      destruct (ky_tail K) as (w & Hin & Hsum). rewrite Hc. pose proof (power_pos m K ltac:(lia)).
      assert (0 <= w / power m K) by (apply Qle_shift_div_l; [lra | rewrite Qmult_0_l; apply (Hall _ _ Hin)]).
      lra.
    - intros s Hs eps Heps. destruct (pow_large m (wtotal ws) eps Hm Heps) as [K HK]. exists K.
      assert (Hlow : pending_sum n m K <= calls_upto s K).
      { clear HK. induction K as [|K IH]; simpl; [apply Qle_refl|].
        apply Qplus_le_compat; [exact IH | exact (beyond_floor n m [m] ltac:(lia) ltac:(lia) (one_size m Hm) s K Hs)]. }
      destruct (ky_tail K) as (w & Hin & Hsum). fold (power m K) in HK. pose proof (power_pos m K ltac:(lia)).
      assert (Hw : w <= wtotal ws) by (apply (wtotal_ge ws (m ^ N.of_nat K mod n)%N); auto).
      assert (w / power m K <= eps).
      { apply Qle_shift_div_r; [lra|]. lra. }
      lra.
  Qed.
End Certified.
