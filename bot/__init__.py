"""Wegwijzer Werk & Herstel: everything that is not a Rasa action.

Decision logic (referral, regions, crisis) is pure and reads its content from knowledge/.
"""
